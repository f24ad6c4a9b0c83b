using Hangfire;

namespace ConPaaS.Infrastructure.Manifests;

/// <summary>Hands a deployment to the background worker; the deployment record, not the queue, is the truth.</summary>
public interface IDeploymentQueue
{
    void Enqueue(int deploymentId);
}

internal sealed class HangfireDeploymentQueue(IBackgroundJobClient jobs) : IDeploymentQueue
{
    // Hangfire swaps CancellationToken.None for the job's own token, cancelled when the portal shuts down.
    public void Enqueue(int deploymentId) => jobs.Enqueue<DeploymentRunner>(runner => runner.RunAsync(deploymentId, CancellationToken.None));
}
