using ConPaaS.Infrastructure.Data;
using ConPaaS.Infrastructure.Options;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ConPaaS.Infrastructure.Persistence;

public static class PersistenceExtensions
{
    public const string SqliteMigrationsAssembly = "ConPaaS.Migrations.Sqlite";
    public const string SqlServerMigrationsAssembly = "ConPaaS.Migrations.SqlServer";

    /// <summary>Registers the portal's database with the provider chosen in configuration.</summary>
    public static IHostApplicationBuilder AddPersistence(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(ConPaaSOptions.Section).Get<ConPaaSOptions>() ?? new ConPaaSOptions();
        builder.Services.AddDbContextFactory<PortalDbContext>(db => Configure(db, options));
        builder.Services.AddHostedService<DatabaseMigrator>();
        return builder;
    }

    public static void Configure(DbContextOptionsBuilder db, ConPaaSOptions options)
    {
        switch (options.Database.Provider)
        {
            case DatabaseProviders.Sqlite:
                db.UseSqlite(SqliteConnectionString(options), sql => sql.MigrationsAssembly(SqliteMigrationsAssembly));
                break;
            case DatabaseProviders.SqlServer:
                db.UseSqlServer(
                    options.Database.ConnectionString ?? throw new InvalidOperationException(
                        "ConPaaS:Database:ConnectionString is required when the provider is SqlServer."),
                    sql => sql.MigrationsAssembly(SqlServerMigrationsAssembly));
                break;
            default:
                throw new InvalidOperationException(
                    $"Unknown ConPaaS:Database:Provider '{options.Database.Provider}'; use Sqlite or SqlServer.");
        }
    }

    private static string SqliteConnectionString(ConPaaSOptions options) =>
        string.IsNullOrWhiteSpace(options.Database.ConnectionString)
            ? $"Data Source={Path.Combine(options.ResolveDataDirectory(), "conpaas.db")}"
            : options.Database.ConnectionString;
}
