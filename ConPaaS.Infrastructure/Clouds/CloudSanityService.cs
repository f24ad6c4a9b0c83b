using ConPaaS.Domain.Nodes;
using ConPaaS.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ConPaaS.Infrastructure.Clouds;

/// <summary>
/// Runs the <see cref="CloudSanityCheck"/> every <c>ConPaaS:SanityCheckInterval</c> (default 10 minutes), so a
/// machine leaked by a crash, or started with our tags by hand, is not billed for long. Nodes are recorded before
/// their machines start, so a machine being provisioned is always owned.
/// </summary>
internal sealed class CloudSanityService(
    IDbContextFactory<PortalDbContext> dbFactory, CloudSanityCheck check, IConfiguration configuration, TimeProvider clock, ILogger<CloudSanityService> logger)
    : BackgroundService
{
    public const string IntervalKey = "ConPaaS:SanityCheckInterval";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = configuration.GetValue(IntervalKey, TimeSpan.FromMinutes(10));
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(interval, clock, stoppingToken);
            try
            {
                await RunOnceAsync(dbFactory, check, stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "The periodic cloud sanity check failed; it runs again in {Interval}", interval);
            }
        }
    }

    /// <summary>Terminates every machine of ours that no live node record owns.</summary>
    public static async Task<IReadOnlyList<string>> RunOnceAsync(IDbContextFactory<PortalDbContext> dbFactory, CloudSanityCheck check, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var owned = (await db.Nodes.Where(n => n.State != NodeState.Terminated).Select(n => n.Id).ToListAsync(ct))
            .Select(id => $"node-{id}").ToHashSet(StringComparer.Ordinal);
        return await check.TerminateUnownedAsync(owned, ct);
    }
}
