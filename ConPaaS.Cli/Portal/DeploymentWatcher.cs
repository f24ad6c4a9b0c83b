using ConPaaS.Domain.Contracts;

namespace ConPaaS.Cli.Portal;

/// <summary>
/// Follows a deployment until it ends, one progress line per change on standard error; a failed or rolled-back
/// deployment is a refused change (exit 2) with the portal's account of which service and step failed.
/// </summary>
public sealed class DeploymentWatcher(PortalClient portal, TextWriter progress)
{
    public async Task<DeploymentDto> WaitAsync(DeploymentDto deployment, CancellationToken ct)
    {
        string? last = null;
        while (deployment.Status is "Pending" or "Running")
        {
            var line = $"{deployment.Status}: {deployment.Step}";
            if (line != last)
                await progress.WriteLineAsync(line);
            last = line;
            await Task.Delay(ServiceWatcher.PollInterval, ct);
            deployment = await portal.GetAsync<DeploymentDto>($"deployments/{deployment.Id}", ct);
        }
        if (deployment.Status != "Succeeded")
            throw CliFailure.Refused($"deployment {deployment.Id} {deployment.Status.ToLowerInvariant()}: {deployment.Error ?? "no reason given"}");
        return deployment;
    }
}
