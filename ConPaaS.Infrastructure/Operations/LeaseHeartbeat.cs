using ConPaaS.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace ConPaaS.Infrastructure.Operations;

/// <summary>
/// Keeps a runner's lease on its operation alive while it works, however long one step takes (a replica
/// copying a large database); when the runner's process dies, the lease lapses within <see cref="Lease"/>.
/// </summary>
internal sealed class LeaseHeartbeat : IAsyncDisposable
{
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Beat = TimeSpan.FromSeconds(10);

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public LeaseHeartbeat(IDbContextFactory<PortalDbContext> dbFactory, int operationId, Guid runner, TimeProvider clock, ILogger logger) =>
        _loop = BeatAsync(dbFactory, operationId, runner, clock, logger, _stop.Token);

    private static async Task BeatAsync(
        IDbContextFactory<PortalDbContext> dbFactory, int operationId, Guid runner, TimeProvider clock, ILogger logger, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(Beat, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                // One failed beat (the database busy for a moment) must not end the heartbeat: the next one, 10 s
                // later, still renews the lease before it lapses, and no second runner takes over a live one.
                try
                {
                    await using var db = await dbFactory.CreateDbContextAsync(stop);
                    var until = clock.GetUtcNow() + Lease;
                    await db.Operations.Where(o => o.Id == operationId && o.RunnerId == runner)
                        .ExecuteUpdateAsync(set => set.SetProperty(o => o.LeaseUntil, until), stop);
                }
                catch (Exception failure) when (failure is not OperationCanceledException || !stop.IsCancellationRequested)
                {
                    logger.LogWarning(failure, "Renewing the lease on operation {OperationId} failed; trying again at the next beat", operationId);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
