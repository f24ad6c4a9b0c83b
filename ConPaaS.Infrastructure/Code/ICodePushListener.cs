using ConPaaS.Domain.Services;

namespace ConPaaS.Infrastructure.Code;

/// <summary>
/// Told about every push that moved a service's main branch, once the pushed head is a version. The default does
/// nothing; the php (and java) manager replaces it to activate the version when the service deploys on push.
/// </summary>
public interface ICodePushListener
{
    /// <summary>
    /// Whether a push to this service will be deployed, asked before the push runs so that git's output can say
    /// so (<c>CONPAAS_DEPLOY_ON_PUSH=1</c> for the repository's post-receive hook). No by default.
    /// </summary>
    bool DeploysOnPush(Service service) => false;

    /// <summary>Called after the push's response was sent; an exception is logged, never shown to the person pushing.</summary>
    Task OnPushedAsync(int serviceId, string version, CancellationToken cancellationToken);
}

internal sealed class NoCodePushListener : ICodePushListener
{
    public Task OnPushedAsync(int serviceId, string version, CancellationToken cancellationToken) => Task.CompletedTask;
}
