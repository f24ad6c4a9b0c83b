using ConPaaS.Infrastructure.Data;
using ConPaaS.Infrastructure.Options;
using ConPaaS.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ConPaaS.Migrations.SqlServer;

/// <summary>Builds the SQL Server model for <c>dotnet ef</c>; no server is contacted to add a migration.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<PortalDbContext>
{
    public PortalDbContext CreateDbContext(string[] args)
    {
        var options = new ConPaaSOptions
        {
            Database = new DatabaseOptions { Provider = DatabaseProviders.SqlServer, ConnectionString = "Server=(design-time);Database=ConPaaS" },
        };
        var builder = new DbContextOptionsBuilder<PortalDbContext>();
        PersistenceExtensions.Configure(builder, options);
        return new PortalDbContext(builder.Options);
    }
}
