using System.Collections.Concurrent;

namespace ConPaaS.Infrastructure.Code;

/// <summary>
/// One writer at a time per repository (an upload, a push, a deletion): an upload's new commit takes main's head
/// as parent, so a push landing in between would be lost. Reads take no lock; git updates refs atomically.
/// </summary>
internal sealed class RepositoryLocks
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
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                gate.Release();
        }
    }
}
