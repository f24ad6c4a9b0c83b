using System.Collections.Concurrent;

namespace ConPaaS.Infrastructure.Operations;

/// <summary>
/// Hangfire's SQLite storage can hand one job to two workers, and the start-up reconciler re-enqueues what
/// Hangfire may also still hold: one runner per operation at a time, the second finds it done and returns.
/// </summary>
public sealed class OperationLocks
{
    private readonly ConcurrentDictionary<int, SemaphoreSlim> _locks = new();

    public async Task<IDisposable> AcquireAsync(int operationId, CancellationToken cancellationToken)
    {
        var semaphore = _locks.GetOrAdd(operationId, _ => new SemaphoreSlim(1, 1));
        await semaphore.WaitAsync(cancellationToken);
        return new Release(semaphore);
    }

    private sealed class Release(SemaphoreSlim semaphore) : IDisposable
    {
        private SemaphoreSlim? _semaphore = semaphore;

        public void Dispose() => Interlocked.Exchange(ref _semaphore, null)?.Release();
    }
}
