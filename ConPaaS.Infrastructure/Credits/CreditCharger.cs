using ConPaaS.Domain.Credits;
using ConPaaS.Domain.Services;
using ConPaaS.Infrastructure.Data;
using ConPaaS.Infrastructure.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConPaaS.Infrastructure.Credits;

/// <summary>
/// One round of accounting: books every node hour that has begun and is not paid yet, marks the accounts whose
/// balance is used up (a warning in the history, the log and the portal), and names the running services whose
/// owner's grace period is over. Safe to run at any time and from several portals: a node hour can be booked
/// once only (a unique index), and a round that loses a race books nothing and leaves it to the next.
/// </summary>
public sealed class CreditCharger(
    IDbContextFactory<PortalDbContext> dbFactory,
    IInstancePrices prices,
    PortalEvents events,
    TimeProvider clock,
    IOptions<CreditOptions> options,
    ILogger<CreditCharger> logger)
{
    public async Task<ChargeRound> RunAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var charged = 0;
        foreach (var (ownerId, usages) in await UsageByOwnerAsync(now, ct))
            charged += await ChargeOwnerAsync(ownerId, usages, now, ct);
        var (newlyOut, stopsDue) = await CheckExhaustedAsync(now, ct);
        return new ChargeRound(charged, newlyOut, stopsDue);
    }

    private async Task<List<(string OwnerId, List<NodeUsage> Usages)>> UsageByOwnerAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var horizon = now - options.Value.CatchUpWindow;
        var nodes = await (
                from node in db.Nodes
                where node.StartedAt != null && (node.TerminatedAt == null || node.TerminatedAt > horizon)
                join service in db.Services on node.ServiceId equals service.Id
                join application in db.Applications on service.ApplicationId equals application.Id
                select new { node.Id, node.ServiceId, ServiceName = service.Name, node.Cloud, node.InstanceType, node.StartedAt, node.TerminatedAt, application.OwnerId })
            .ToListAsync(ct);
        var ids = nodes.Select(n => (int?)n.Id).ToList();
        var lastCharged = await db.Set<CreditEntry>()
            .Where(e => e.Kind == CreditEntryKind.Charge && ids.Contains(e.NodeId))
            .GroupBy(e => e.NodeId!.Value)
            .Select(g => new { NodeId = g.Key, Last = g.Max(e => e.HourIndex) })
            .ToDictionaryAsync(x => x.NodeId, x => x.Last, ct);

        return nodes.GroupBy(n => n.OwnerId).Select(owner => (owner.Key, owner.Select(n =>
            new NodeUsage(n.Id, n.ServiceId, n.ServiceName, n.Cloud, n.InstanceType, PriceOf(n.Id, n.Cloud, n.InstanceType),
                n.StartedAt!.Value, n.TerminatedAt, lastCharged.GetValueOrDefault(n.Id))).ToList())).ToList();
    }

    private decimal PriceOf(int nodeId, string cloud, string instanceType)
    {
        if (prices.PricePerHour(cloud, instanceType) is { } price)
            return price;
        // A cloud or type removed from configuration while its nodes ran: their hours are recorded, at no price.
        logger.LogWarning("Node {NodeId} runs on {Cloud}/{InstanceType}, which has no configured price; its hours are booked at 0", nodeId, cloud, instanceType);
        return 0;
    }

    private async Task<int> ChargeOwnerAsync(string ownerId, List<NodeUsage> usages, DateTimeOffset now, CancellationToken ct)
    {
        var due = usages.SelectMany(u => HourlyBilling.Due(u, now)).OrderBy(c => c.DueAt).ThenBy(c => c.Node.NodeId).ToList();
        if (due.Count == 0)
            return 0;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var account = await db.GetOrOpenAsync(ownerId, options.Value.Default, now, ct);
        foreach (var charge in due)
        {
            var entry = CreditEntry.Charge(ownerId, charge);
            account.Apply(entry, now);
            db.Add(entry);
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException race)
        {
            // Another portal booked some of these hours, or an admin changed the balance meanwhile: nothing of
            // this round was saved, and the next round books what is still missing.
            logger.LogInformation(race, "Charging user {UserId} lost a race; the next round retries", ownerId);
            return 0;
        }
        events.Publish(new CreditChanged(ownerId));
        return due.Count;
    }

    private async Task<(List<string>, List<StopDue>)> CheckExhaustedAsync(DateTimeOffset now, CancellationToken ct)
    {
        List<string> exhausted;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            // One row per user, and SQLite cannot compare decimals in a query: filtered here.
            exhausted = (await db.Set<CreditAccount>().AsNoTracking().ToListAsync(ct)).Where(a => a.IsExhausted).Select(a => a.UserId).ToList();
        }
        var newlyOut = new List<string>();
        var stopsDue = new List<StopDue>();
        foreach (var userId in exhausted)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var account = await db.Set<CreditAccount>().SingleAsync(a => a.UserId == userId, ct);
            if (account.MarkOutOfCredit(now))
            {
                if (!await WarnAsync(db, account, now, ct))
                    continue;
                newlyOut.Add(userId);
            }
            if (account.StopIsDue(options.Value.GracePeriod, now))
                stopsDue.AddRange(await RunningServicesAsync(db, userId, ct));
        }
        return (newlyOut, stopsDue);
    }

    private async Task<bool> WarnAsync(PortalDbContext db, CreditAccount account, DateTimeOffset now, CancellationToken ct)
    {
        var stopsAt = account.StopsAt(options.Value.GracePeriod)!.Value;
        var warning = CreditEntry.Warning(account.UserId, now,
            $"The credit is used up (balance {CreditFormat.Amount(account.Balance)}): running services stop at {stopsAt:yyyy-MM-dd HH:mm:ss} UTC unless credit is added");
        account.Apply(warning, now);
        db.Add(warning);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException race)
        {
            logger.LogInformation(race, "Marking user {UserId} out of credit lost a race; the next round retries", account.UserId);
            return false;
        }
        logger.LogWarning("User {UserId} is out of credit (balance {Balance}); their running services stop at {StopsAt}",
            account.UserId, account.Balance, stopsAt);
        events.Publish(new CreditChanged(account.UserId));
        return true;
    }

    private static async Task<List<StopDue>> RunningServicesAsync(PortalDbContext db, string ownerId, CancellationToken ct) =>
        await (from service in db.Services
               join application in db.Applications on service.ApplicationId equals application.Id
               where application.OwnerId == ownerId && (service.State == ServiceState.Running || service.State == ServiceState.Error)
               orderby service.Id
               select new StopDue(ownerId, service.Id, service.Name)).ToListAsync(ct);
}
