using System.Collections.Concurrent;

namespace ConPaaS.Infrastructure.Services.TaskFarm;

/// <summary>One lock per farm: the loop and the commands never change a farm's files at the same time.</summary>
public sealed class FarmLocks
{
    private readonly ConcurrentDictionary<int, SemaphoreSlim> _locks = new();

    public async Task<IDisposable> AcquireAsync(int serviceId, CancellationToken ct)
    {
        var gate = _locks.GetOrAdd(serviceId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        return new Release(gate);
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}
