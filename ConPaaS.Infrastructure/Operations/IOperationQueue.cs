namespace ConPaaS.Infrastructure.Operations;

/// <summary>Hands an operation to the background worker; the operation record, not the queue, is the truth.</summary>
public interface IOperationQueue
{
    void Enqueue(int operationId);

    /// <summary>Runs the operation later: when another runner's lease on it may have lapsed.</summary>
    void EnqueueAfter(int operationId, TimeSpan delay);
}
