using ConPaaS.Domain.Access;
using ConPaaS.Domain.Errors;
using ConPaaS.Domain.Manifests;
using ConPaaS.Infrastructure.Applications;
using ConPaaS.Infrastructure.Data;
using ConPaaS.Infrastructure.Events;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ConPaaS.Infrastructure.Manifests;

/// <summary>
/// Deploys one manifest as the original did: the application, then each service in dependency order (databases
/// before the services that use their addresses), each through the same command handlers a user's clicks use.
/// Every stage a service passes is persisted, so a restart resumes after the last one; a failure stops the
/// deployment, names the service and the step, and leaves everything to inspect, or removes it when asked.
/// </summary>
[AutomaticRetry(Attempts = 0)] // a failure is recorded on the deployment; a restart is resumed by the reconciler
public sealed class DeploymentRunner(
    IDbContextFactory<PortalDbContext> dbFactory,
    DeploymentPlans plans,
    IServiceScopeFactory scopes,
    DeploymentsInProgress inProgress,
    PortalEvents events,
    TimeProvider clock,
    ILogger<DeploymentRunner> logger)
{
    [Queue(DeploymentQueues.Name)]
    public async Task RunAsync(int deploymentId, CancellationToken cancellationToken)
    {
        using var claim = inProgress.TryClaim(deploymentId);
        if (claim is null)
            return;
        await RunOnceAsync(deploymentId, cancellationToken);
    }

    private async Task RunOnceAsync(int deploymentId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var deployment = await db.Set<Deployment>().SingleOrDefaultAsync(d => d.Id == deploymentId, ct);
        if (deployment is not { IsActive: true })
            return;
        var plan = plans.Unprotect(deployment.ProtectedPlan);
        await using var scope = scopes.CreateAsyncScope();
        var steps = new DeploymentSteps(scope.ServiceProvider, plan, new Caller(deployment.OwnerId, IsAdmin: false));

        async Task SaveAsync(CancellationToken token)
        {
            await db.SaveChangesAsync(token);
            events.Publish(new DeploymentChanged(deployment.OwnerId, deployment.Id));
        }

        DeploymentService? current = null;
        try
        {
            if (deployment.ApplicationId is null)
            {
                deployment.Progress("Creating the application", clock.GetUtcNow());
                await SaveAsync(ct);
                var application = await steps.CreateApplicationAsync(deployment.ApplicationName, ct);
                deployment.ApplicationCreated(application.Id, application.Name, clock.GetUtcNow());
                await SaveAsync(ct);
            }
            foreach (var spec in DeploymentOrder.Of(plan.Resolved.Manifest.Services))
            {
                current = deployment.Services.Single(s => s.Index == spec.Index);
                var entry = current;
                await steps.DeployServiceAsync(deployment.ApplicationId!.Value, spec, entry, async step =>
                {
                    deployment.Progress($"{entry.Name}: {step}", clock.GetUtcNow());
                    await SaveAsync(ct);
                }, ct);
            }
            deployment.Succeed(clock.GetUtcNow());
            await SaveAsync(ct);
            DeploymentStaging.Remove(plan.Staging);
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
            throw; // the portal is stopping: the deployment stays active and resumes at the next start
        }
        catch (Exception failure)
        {
            var reason = failure is DomainException or DeploymentStepException ? failure.Message : $"Unexpected error: {failure.Message}";
            logger.LogWarning(failure, "Deployment {DeploymentId} failed", deployment.Id);
            var where = current is null ? "Creating the application" : $"Services[{current.Index}] ({current.Type} '{current.Name}'), step '{current.Step}'";
            var message = $"{where} failed: {reason}";
            current?.Fail(reason);
            var rolledBack = false;
            if (deployment.RollbackOnFailure && deployment.ApplicationId is { } applicationId)
            {
                deployment.Progress("Rolling back", clock.GetUtcNow());
                await SaveAsync(CancellationToken.None);
                var problem = await steps.RollBackAsync(applicationId, deployment.Services.Where(s => s.ServiceId is not null).Select(s => s.ServiceId!.Value).ToList());
                rolledBack = problem is null;
                if (problem is not null)
                    message += $" Rolling back did not finish: {problem}";
            }
            deployment.Fail(message, rolledBack, clock.GetUtcNow());
            await SaveAsync(CancellationToken.None);
            DeploymentStaging.Remove(plan.Staging);
        }
    }
}

/// <summary>
/// One run per deployment in this portal (Hangfire may hand out a job twice, and the reconciler re-enqueues it at
/// start); a restart starts afresh. A singleton, so two portals in one test process do not share it.
/// </summary>
public sealed class DeploymentsInProgress
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, bool> _running = new();

    public IDisposable? TryClaim(int deploymentId) =>
        _running.TryAdd(deploymentId, true) ? new Claim(() => _running.TryRemove(deploymentId, out _)) : null;

    private sealed class Claim(Action release) : IDisposable
    {
        public void Dispose() => release();
    }
}

public static class DeploymentQueues
{
    /// <summary>
    /// Deployments wait for the operations they start; on their own queue and workers they can never take every
    /// worker the operations need.
    /// </summary>
    public const string Name = "deployments";
}

internal static class DeploymentOrder
{
    /// <summary>Services whose addresses others read (databases, storage) first; otherwise the manifest's order.</summary>
    public static IEnumerable<ManifestService> Of(IEnumerable<ManifestService> services) =>
        services.OrderBy(s => s.Type is "mysql" or "storage" ? 0 : 1).ThenBy(s => s.Index);
}
