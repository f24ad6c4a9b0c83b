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
    CloudSanityCheck sanity,
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

    public Task TerminateOrphansAsync(CancellationToken cancellationToken) =>
        CloudSanityService.RunOnceAsync(dbFactory, sanity, cancellationToken);
}
