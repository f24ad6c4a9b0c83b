using Hangfire;

namespace ConPaaS.Infrastructure.Operations;

internal sealed class HangfireOperationQueue(IBackgroundJobClient jobs) : IOperationQueue
{
    // Hangfire swaps CancellationToken.None for the job's own token, cancelled when the portal shuts down.
    public void Enqueue(int operationId) => jobs.Enqueue<OperationRunner>(runner => runner.RunAsync(operationId, CancellationToken.None));

    public void EnqueueAfter(int operationId, TimeSpan delay) =>
        jobs.Schedule<OperationRunner>(runner => runner.RunAsync(operationId, CancellationToken.None), delay);
}
