namespace ConPaaS.Infrastructure.Operations;

/// <summary>Hands an operation to the background worker; the operation record, not the queue, is the truth.</summary>
public interface IOperationQueue
{
    void Enqueue(int operationId);
}
