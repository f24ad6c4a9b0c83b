using ConPaaS.Infrastructure.Concurrency;

namespace ConPaaS.Infrastructure.Operations;

/// <summary>
/// Hangfire's SQLite storage can hand one job to two workers, and the start-up reconciler re-enqueues what
/// Hangfire may also still hold: within a process one runner per operation at a time (the database lease
/// covers other processes); the second finds it done and returns.
/// </summary>
public sealed class OperationLocks
{
    private readonly KeyedLocks _locks = new();

    public Task<IDisposable> AcquireAsync(int operationId, CancellationToken cancellationToken) => _locks.AcquireAsync(operationId, cancellationToken);
}
