using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ConPaaS.Infrastructure.Manifests;

public static class ManifestsExtensions
{
    /// <summary>Manifest deployment (its own Hangfire queue and workers), export and the template gallery.</summary>
    public static IHostApplicationBuilder AddManifests(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ManifestOptions>().Bind(builder.Configuration.GetSection(ManifestOptions.Section));
        builder.Services.AddSingleton<SourceFetcher>();
        builder.Services.AddSingleton<DeploymentStaging>();
        builder.Services.AddSingleton<DeploymentPlans>();
        builder.Services.AddSingleton<ServiceWaiter>();
        builder.Services.AddSingleton<IDeploymentQueue, HangfireDeploymentQueue>();
        builder.Services.AddSingleton<DeploymentsInProgress>();
        builder.Services.AddTransient<DeploymentRunner>();
        builder.Services.AddScoped<ManifestCommands>();
        builder.Services.AddScoped<ManifestExporter>();
        builder.Services.AddSingleton<TemplateGallery>();
        builder.Services.AddHostedService<DeploymentReconciler>();
        // A deployment waits for the operations it starts, which run on the default queue's workers.
        builder.Services.AddHangfireServer(server =>
        {
            server.ServerName = $"{Environment.MachineName}:deployments:{Guid.NewGuid():N}";
            server.Queues = [DeploymentQueues.Name];
            server.WorkerCount = 2;
        });
        return builder;
    }
}
