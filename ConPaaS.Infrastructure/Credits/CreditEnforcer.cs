using ConPaaS.Domain.Access;
using ConPaaS.Domain.Credits;
using ConPaaS.Domain.Errors;
using ConPaaS.Infrastructure.Data;
using ConPaaS.Infrastructure.Events;
using ConPaaS.Infrastructure.Operations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace ConPaaS.Infrastructure.Credits;

/// <summary>
/// Stops the services whose owner's grace period is over, through the same stop command the owner would use
/// (so the nodes are released the usual, idempotent way), and records each stop in the owner's history.
/// </summary>
public sealed class CreditEnforcer(
    LifecycleCommands lifecycle,
    IDbContextFactory<PortalDbContext> dbFactory,
    PortalEvents events,
    TimeProvider clock,
    ILogger<CreditEnforcer> logger)
{
    public async Task StopAsync(IReadOnlyList<StopDue> stops, CancellationToken ct = default)
    {
        foreach (var stop in stops)
        {
            try
            {
                await lifecycle.StopAsync(new Caller(stop.OwnerId, IsAdmin: false), stop.ServiceId, ct);
            }
            catch (DomainException refused)
            {
                // Busy with another change (or deleted) now; a later round tries again while the credit stays used up.
                logger.LogInformation("Out-of-credit stop of service {ServiceId} waits: {Reason}", stop.ServiceId, refused.Message);
                continue;
            }
            logger.LogWarning("Stopped service {ServiceId} of user {UserId}: out of credit", stop.ServiceId, stop.OwnerId);
            await RecordAsync(stop, ct);
        }
    }

    private async Task RecordAsync(StopDue stop, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var account = await db.Set<CreditAccount>().SingleAsync(a => a.UserId == stop.OwnerId, ct);
        var entry = CreditEntry.ServiceStopped(stop.OwnerId, stop.ServiceId, stop.ServiceName, clock.GetUtcNow());
        account.Apply(entry, clock.GetUtcNow());
        db.Add(entry);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // The history line is a courtesy; the stop itself is done and shows on the service.
            logger.LogInformation("Could not record the out-of-credit stop of service {ServiceId}", stop.ServiceId);
        }
        events.Publish(new CreditChanged(stop.OwnerId));
    }
}
