using ConPaaS.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace ConPaaS.Portal.Tests.Persistence;

/// <summary>A model change without a migration for each provider fails here, not at a user's start-up.</summary>
public sealed class MigrationsTests
{
    [Fact]
    public void Sqlite_migrations_match_the_model()
    {
        using var db = new ConPaaS.Migrations.Sqlite.DesignTimeFactory().CreateDbContext([]);
        Assert.False(db.Database.HasPendingModelChanges(), "Run: dotnet ef migrations add <Name> --project ConPaaS.Migrations.Sqlite --startup-project ConPaaS.Migrations.Sqlite");
    }

    [Fact]
    public void SqlServer_migrations_match_the_model()
    {
        using var db = new ConPaaS.Migrations.SqlServer.DesignTimeFactory().CreateDbContext([]);
        Assert.False(db.Database.HasPendingModelChanges(), "Run: dotnet ef migrations add <Name> --project ConPaaS.Migrations.SqlServer --startup-project ConPaaS.Migrations.SqlServer");
    }

    [Fact]
    public void Both_providers_have_the_same_migrations()
    {
        static IEnumerable<string> Names(DbContext db) => db.Database.GetMigrations().Select(m => m[15..]);
        using var sqlite = new ConPaaS.Migrations.Sqlite.DesignTimeFactory().CreateDbContext([]);
        using var sqlServer = new ConPaaS.Migrations.SqlServer.DesignTimeFactory().CreateDbContext([]);
        Assert.Equal(Names(sqlite), Names(sqlServer));
        Assert.IsType<PortalDbContext>(sqlite);
    }
}
