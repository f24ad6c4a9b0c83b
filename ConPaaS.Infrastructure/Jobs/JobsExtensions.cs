using ConPaaS.Infrastructure.Options;
using Hangfire;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ConPaaS.Infrastructure.Jobs;

public static class JobsExtensions
{
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
                case DatabaseProviders.SqlServer:
                    config.UseSqlServerStorage(options.Database.ConnectionString);
                    break;
                default:
                    config.UseSQLiteStorage(Path.Combine(options.ResolveDataDirectory(), "hangfire.db"));
                    break;
            }
        });
        // Two workers: the machine this targets has two cores, and each job mostly waits on nodes.
        builder.Services.AddHangfireServer(server => server.WorkerCount = 2);
        return builder;
    }
}
