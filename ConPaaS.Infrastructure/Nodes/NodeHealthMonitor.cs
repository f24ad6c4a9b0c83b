using ConPaaS.Domain.Nodes;
using ConPaaS.Domain.Operations;
using ConPaaS.Domain.Services;
using ConPaaS.Infrastructure.Agents;
using ConPaaS.Infrastructure.Data;
using ConPaaS.Infrastructure.Events;
using ConPaaS.Infrastructure.Managers;
using ConPaaS.Infrastructure.Operations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConPaaS.Infrastructure.Nodes;

public sealed class HealthOptions
{
    /// <summary>How often every running node's agent is asked; with the timeout, a dead node shows within 15 s.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>The wait after the first automatic replacement of a service; each further one waits twice as long.</summary>
    public TimeSpan ReplacementFirstDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How many automatic replacements may begin within an hour before they pause (and say why).</summary>
    public int ReplacementsPerHour { get; set; } = 5;
}

/// <summary>
/// Asks every running node's agent periodically. A node that stops answering is marked Failed (and the user
/// sees why); one that answers again is Running again; where the service opted in, a failed node is replaced.
/// </summary>
internal sealed class NodeHealthMonitor(
    IDbContextFactory<PortalDbContext> dbFactory,
    IAgentClient agents,
    IOperationQueue queue,
    PortalEvents events,
    TimeProvider clock,
    IOptions<HealthOptions> options,
    ManagerRegistry managers,
    ILogger<NodeHealthMonitor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, clock);
        do
        {
            try
            {
                await CheckAllAsync(stoppingToken);
            }
            catch (Exception failure) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(failure, "Node health check round failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task CheckAllAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var nodes = await db.Nodes.Where(n => (n.State == NodeState.Running || n.State == NodeState.Failed) && n.Address != null)
            .ToListAsync(cancellationToken);
        var answers = await Task.WhenAll(nodes.Select(node => AnswersAsync(node, cancellationToken)));

        var changedServices = new HashSet<int>();
        for (var i = 0; i < nodes.Count; i++)
        {
            var (node, (alive, why)) = (nodes[i], answers[i]);
            // The node may have been ended while it was asked (a taskfarm worker stopped by its engine): read its
            // state again rather than write Failed over Terminated.
            if (!alive && node.State == NodeState.Running)
                await db.Entry(node).ReloadAsync(cancellationToken);
            if (!alive && node.State == NodeState.Running)
            {
                logger.LogWarning("Node {NodeId} stopped answering: {Reason}", node.Id, why);
                node.MarkFailed(why!.StartsWith("its ", StringComparison.Ordinal) ? $"The node is unhealthy: {why}" : $"The agent stopped answering: {why}", clock.GetUtcNow());
                changedServices.Add(node.ServiceId);
            }
            else if (alive && node.State == NodeState.Failed)
            {
                node.MarkRunning(clock.GetUtcNow());
                changedServices.Add(node.ServiceId);
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        // Every round, not only on a change: a service may opt in after its node already failed.
        var needAttention = changedServices.Union(nodes.Where(n => n.State == NodeState.Failed).Select(n => n.ServiceId));
        foreach (var serviceId in needAttention)
        {
            var failed = nodes.Where(n => n.ServiceId == serviceId && n.State == NodeState.Failed).ToList();
            await AfterChangeAsync(db, serviceId, failed, changedServices.Contains(serviceId), cancellationToken);
        }
    }

    private async Task<(bool Alive, string? Why)> AnswersAsync(Node node, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.Timeout);
        try
        {
            var status = await agents.GetStatusAsync(ManagerContext.Endpoint(node), timeout.Token);
            // An agent that answers while its server died (nginx, mariadbd, …) is a failed node too.
            return status.Roles.FirstOrDefault(r => r.State == Domain.Agents.AgentRoleState.Failed) is { } failed
                ? (false, $"its {failed.Name} role failed: {failed.Detail}")
                : (true, null);
        }
        catch (AgentException failure)
        {
            return (false, failure.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (false, $"no answer within {options.Value.Timeout.TotalSeconds:F0} s");
        }
    }

    private async Task AfterChangeAsync(PortalDbContext db, int serviceId, IReadOnlyList<Node> failed, bool changed, CancellationToken cancellationToken)
    {
        var service = await db.Services.SingleAsync(s => s.Id == serviceId, cancellationToken);
        var application = await db.Applications.AsNoTracking().SingleAsync(a => a.Id == service.ApplicationId, cancellationToken);
        if (changed)
            events.Publish(new ServiceChanged(application.OwnerId, application.Id, service.Id));

        if (!service.AutoReplaceFailedNodes || failed.Count == 0 || service.ActiveOperationId is not null
            || service.State is not (ServiceState.Running or ServiceState.Error))
            return;
        var manager = managers.For(service.Type);
        var node = failed.FirstOrDefault(manager.CanReplace);
        if (node is null)
            return;
        var now = clock.GetUtcNow();
        var since = now - ReplacementBackoff.Window;
        var earlier = await db.Operations.AsNoTracking()
            .Where(o => o.ServiceId == service.Id && o.Kind == OperationKind.ReplaceNode && o.CreatedAt > since)
            .Select(o => o.CreatedAt).ToListAsync(cancellationToken);
        var decision = new ReplacementBackoff(options.Value.ReplacementFirstDelay, options.Value.ReplacementsPerHour).Decide(earlier, now);
        if (decision.PausedBecause is { } paused && node.StateReason?.Contains("Automatic replacement is paused", StringComparison.Ordinal) != true)
        {
            logger.LogWarning("Not replacing failed node {NodeId} of service {ServiceId}: {Reason}", node.Id, service.Id, paused);
            node.MarkFailed($"{node.StateReason} {paused}".Trim(), now);
            await db.SaveChangesAsync(cancellationToken);
            events.Publish(new ServiceChanged(application.OwnerId, application.Id, service.Id));
        }
        if (!decision.Replace)
            return;
        var operation = new Operation(service.Id, OperationKind.ReplaceNode, null, 1, node.Cloud, node.Id, clock.GetUtcNow());
        db.Operations.Add(operation);
        await db.SaveChangesAsync(cancellationToken);
        service.BeginOperation(operation.Id, ServiceState.Adapting, null, clock.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // A user's change won the race; the next round will try again if the node is still failed.
            db.Operations.Remove(operation);
            await db.SaveChangesAsync(cancellationToken);
            return;
        }
        logger.LogInformation("Replacing failed node {NodeId} of service {ServiceId}", node.Id, service.Id);
        queue.Enqueue(operation.Id);
        events.Publish(new ServiceChanged(application.OwnerId, application.Id, service.Id));
    }
}
