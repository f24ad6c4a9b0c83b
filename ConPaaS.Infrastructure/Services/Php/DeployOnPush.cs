using ConPaaS.Domain.Access;
using ConPaaS.Domain.Services;
using ConPaaS.Infrastructure.Code;
using ConPaaS.Infrastructure.Data;
using ConPaaS.Infrastructure.Operations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ConPaaS.Infrastructure.Services.Php;

/// <summary>
/// "git push" deploys, as on Heroku or Dokku, for services that keep the setting on: the pushed version is
/// activated with the same rolling switch as a click on "Activate", on behalf of the service's owner.
/// </summary>
internal sealed class DeployOnPush(IServiceScopeFactory scopes, ILogger<DeployOnPush> logger) : ICodePushListener
{
    /// <summary>Only a running service deploys at once; a stopped one serves the pushed version at its next start.</summary>
    public bool DeploysOnPush(Service service) => service.DeployOnPush && service.State is ServiceState.Running or ServiceState.Adapting;

    public async Task OnPushedAsync(int serviceId, string version, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(cancellationToken);
        var service = await db.Services.AsNoTracking().SingleAsync(s => s.Id == serviceId, cancellationToken);
        if (!service.DeployOnPush)
            return;
        var ownerId = await db.Applications.Where(a => a.Id == service.ApplicationId).Select(a => a.OwnerId).SingleAsync(cancellationToken);
        logger.LogInformation("Deploying pushed version {Version} of service {ServiceId}", version, serviceId);
        await scope.ServiceProvider.GetRequiredService<LifecycleCommands>()
            .ActivateVersionAsync(new Caller(ownerId, IsAdmin: false), serviceId, version, cancellationToken);
    }
}
