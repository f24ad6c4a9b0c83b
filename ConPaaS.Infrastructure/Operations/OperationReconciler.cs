using ConPaaS.Domain.Operations;
using ConPaaS.Domain.Services;
using ConPaaS.Infrastructure.Clouds;
using ConPaaS.Infrastructure.Data;
using ConPaaS.Infrastructure.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ConPaaS.Infrastructure.Operations;

/// <summary>
/// At start-up, whatever Hangfire's storage remembers: resumes every unfinished operation, and terminates
/// machines that no node record owns (left by a crash between a cloud call and its record), so nothing leaks.
/// Then, while the portal runs, an operation whose runner stopped renewing its lease (it died on an error of its
/// own, or its job was lost) is resumed within a minute; one whose runners keep dying is failed with that
/// reason, so no service stays busy for ever.
/// </summary>
internal sealed class OperationReconciler(
    IDbContextFactory<PortalDbContext> dbFactory,
    IOperationQueue queue,
    CloudSanityCheck sanity,
    PortalEvents events,
    TimeProvider clock,
    ILogger<OperationReconciler> logger) : BackgroundService
{
    /// <summary>How often leases are looked at; with the 30 s lease an orphaned operation is resumed within a minute.</summary>
    public static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(20);

    /// <summary>Resumes after which an operation whose runner keeps stopping is failed.</summary>
    public const int MaxResumes = 3;

    private readonly Dictionary<int, int> _resumes = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await TerminateOrphansAsync(stoppingToken);
        await using (var db = await dbFactory.CreateDbContextAsync(stoppingToken))
        {
            var unfinished = await db.Operations
                .Where(o => o.Status == OperationStatus.Pending || o.Status == OperationStatus.Running)
                .Select(o => o.Id).ToListAsync(stoppingToken);
            foreach (var id in unfinished)
            {
                logger.LogInformation("Resuming operation {OperationId}", id);
                queue.Enqueue(id);
            }
        }
        using var timer = new PeriodicTimer(SweepInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception failure) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(failure, "Looking for orphaned operations failed");
            }
        }
    }

    public Task TerminateOrphansAsync(CancellationToken cancellationToken) =>
        CloudSanityService.RunOnceAsync(dbFactory, sanity, cancellationToken);

    /// <summary>One look: resumes, or fails, every active operation whose lease lapsed a whole lease ago.</summary>
    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var lapsed = now - LeaseHeartbeat.Lease;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var orphans = await db.Operations
            .Where(o => o.Status == OperationStatus.Pending || o.Status == OperationStatus.Running)
            .ToListAsync(cancellationToken);
        // A pending operation nobody leased yet waits in Hangfire's queue: it counts once it waited a whole lease.
        foreach (var operation in orphans.Where(o => (o.LeaseUntil ?? o.UpdatedAt + LeaseHeartbeat.Lease) < lapsed))
        {
            var resumes = _resumes.GetValueOrDefault(operation.Id) + 1;
            _resumes[operation.Id] = resumes;
            if (resumes <= MaxResumes)
            {
                logger.LogWarning("Operation {OperationId} lost its runner; resuming it ({Resume} of {Max})", operation.Id, resumes, MaxResumes);
                queue.Enqueue(operation.Id);
                continue;
            }
            var reason = $"its runner stopped {MaxResumes + 1} times without finishing; look at the portal's log, then try again";
            logger.LogError("Operation {OperationId} failed: {Reason}", operation.Id, reason);
            operation.Fail(reason, now);
            var service = await db.Services.SingleAsync(s => s.Id == operation.ServiceId, cancellationToken);
            if (service.ActiveOperationId == operation.Id)
                service.EndOperation(operation.LeavesNodesAlone ? ServiceState.Running : ServiceState.Error, now, $"{operation.Describe()} failed: {reason}");
            await db.SaveChangesAsync(cancellationToken);
            var application = await db.Applications.AsNoTracking().SingleAsync(a => a.Id == service.ApplicationId, cancellationToken);
            events.Publish(new ServiceChanged(application.OwnerId, application.Id, service.Id));
            _resumes.Remove(operation.Id);
        }
    }
}
