using ConPaaS.Domain.Manifests;
using ConPaaS.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ConPaaS.Infrastructure.Manifests;

/// <summary>At start-up, whatever Hangfire's storage remembers: resumes every unfinished deployment.</summary>
internal sealed class DeploymentReconciler(
    IDbContextFactory<PortalDbContext> dbFactory, IDeploymentQueue queue, ILogger<DeploymentReconciler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(stoppingToken);
        var unfinished = await db.Set<Deployment>()
            .Where(d => d.Status == DeploymentStatus.Pending || d.Status == DeploymentStatus.Running)
            .Select(d => d.Id).ToListAsync(stoppingToken);
        foreach (var id in unfinished)
        {
            logger.LogInformation("Resuming deployment {DeploymentId}", id);
            queue.Enqueue(id);
        }
    }
}
