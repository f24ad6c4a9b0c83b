using ConPaaS.Domain.Nodes;
using ConPaaS.Infrastructure.Clouds;
using ConPaaS.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ConPaaS.Infrastructure.Operations;

/// <summary>
/// At start-up, whatever Hangfire's storage remembers: resumes every unfinished operation, and terminates
/// machines that no node record owns (left by a crash between a cloud call and its record), so nothing leaks.
/// </summary>
internal sealed class OperationReconciler(
    IDbContextFactory<PortalDbContext> dbFactory,
    IOperationQueue queue,
    CloudRegistry clouds,
    ILogger<OperationReconciler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await TerminateOrphansAsync(stoppingToken);
        await using var db = await dbFactory.CreateDbContextAsync(stoppingToken);
        var unfinished = await db.Operations
            .Where(o => o.Status == Domain.Operations.OperationStatus.Pending || o.Status == Domain.Operations.OperationStatus.Running)
            .Select(o => o.Id).ToListAsync(stoppingToken);
        foreach (var id in unfinished)
        {
            logger.LogInformation("Resuming operation {OperationId}", id);
            queue.Enqueue(id);
        }
    }

    public async Task TerminateOrphansAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var known = (await db.Nodes.Where(n => n.State != NodeState.Terminated).Select(n => n.Id).ToListAsync(cancellationToken))
            .Select(id => $"node-{id}").ToHashSet(StringComparer.Ordinal);
        foreach (var cloud in clouds.All)
        {
            try
            {
                foreach (var orphan in (await cloud.ListNodesAsync(cancellationToken)).Where(n => !known.Contains(n.NodeId)))
                {
                    logger.LogWarning("Terminating {NodeId} on cloud {Cloud}: no node record owns it", orphan.NodeId, cloud.Name);
                    await cloud.TerminateNodeAsync(orphan.NodeId, cancellationToken);
                }
            }
            catch (CloudException failure)
            {
                logger.LogWarning(failure, "Could not list the nodes of cloud {Cloud}", cloud.Name);
            }
        }
    }
}
