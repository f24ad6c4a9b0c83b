using ConPaaS.Infrastructure.Options;
using Hangfire;
using Hangfire.SqlServer;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ConPaaS.Infrastructure.Jobs;

public static class JobsExtensions
{
    private static readonly TimeSpan QueuePollInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Hangfire on persistent storage beside the portal's database. Hangfire only executes; the truth
    /// about work in progress lives in our own tables (see ARCHITECTURE.md, "Operations").
    /// </summary>
    public static IHostApplicationBuilder AddJobs(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(ConPaaSOptions.Section).Get<ConPaaSOptions>() ?? new ConPaaSOptions();
        builder.Services.AddHangfire(config =>
        {
            config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            switch (options.Database.Provider)
            {
                // Both storages poll for new jobs (15 s by default); a click must start work at once.
                case DatabaseProviders.SqlServer:
                    config.UseSqlServerStorage(options.Database.ConnectionString, new SqlServerStorageOptions { QueuePollInterval = QueuePollInterval });
                    break;
                default:
                    config.UseSQLiteStorage(Path.Combine(options.ResolveDataDirectory(), "hangfire.db"),
                        new SQLiteStorageOptions { QueuePollInterval = QueuePollInterval });
                    break;
            }
        });
        // Two workers: the machine this targets has two cores, and each job mostly waits on nodes.
        builder.Services.AddHangfireServer(server => server.WorkerCount = 2);
        return builder;
    }
}
