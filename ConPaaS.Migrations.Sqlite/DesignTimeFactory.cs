using ConPaaS.Infrastructure.Data;
using ConPaaS.Infrastructure.Options;
using ConPaaS.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ConPaaS.Migrations.Sqlite;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model for SQLite without starting the portal.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<PortalDbContext>
{
    public PortalDbContext CreateDbContext(string[] args)
    {
        var options = new ConPaaSOptions { DataDirectory = Path.Combine(Path.GetTempPath(), "conpaas-design") };
        var builder = new DbContextOptionsBuilder<PortalDbContext>();
        PersistenceExtensions.Configure(builder, options);
        return new PortalDbContext(builder.Options);
    }
}
