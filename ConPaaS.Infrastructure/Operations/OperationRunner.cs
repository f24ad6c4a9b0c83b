using ConPaaS.Domain.Nodes;
using ConPaaS.Domain.Operations;
using ConPaaS.Domain.Services;
using ConPaaS.Infrastructure.Agents;
using ConPaaS.Infrastructure.Applications;
using ConPaaS.Infrastructure.Clouds;
using ConPaaS.Infrastructure.Data;
using ConPaaS.Infrastructure.Events;
using ConPaaS.Infrastructure.Managers;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace ConPaaS.Infrastructure.Operations;

/// <summary>
/// Carries out one operation, step by step, persisting each step so that a crash or a restart resumes
/// it: node records exist before their machines, clouds return an already running node instead of a second
/// one, and new nodes are running and configured before anything old is retired.
/// </summary>
[AutomaticRetry(Attempts = 0)] // a failure is recorded on the operation; a restart is resumed by the reconciler
public sealed class OperationRunner(
    IDbContextFactory<PortalDbContext> dbFactory,
    OperationLocks locks,
    IOperationQueue queue,
    CloudRegistry clouds,
    IAgentClient agents,
    ManagerRegistry managers,
    PortalEvents events,
    TimeProvider clock,
    IServiceProvider services,
    ILogger<OperationRunner> logger)
{
    /// <summary>How long a new node's agent may take to answer after its cloud reported it started.</summary>
    public static readonly TimeSpan AgentReadyTimeout = TimeSpan.FromMinutes(5);

    // Named for the nested Run, which cannot see primary-constructor parameters.
    private CloudRegistry Clouds { get; } = clouds;
    private IAgentClient Agents { get; } = agents;
    private ManagerRegistry Managers { get; } = managers;
    private PortalEvents Events { get; } = events;
    private TimeProvider Clock { get; } = clock;
    private IServiceProvider Services { get; } = services;
    private ILogger<OperationRunner> Logger { get; } = logger;

    public async Task RunAsync(int operationId, CancellationToken cancellationToken)
    {
        using var held = await locks.AcquireAsync(operationId, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var operation = await db.Operations.SingleOrDefaultAsync(o => o.Id == operationId, cancellationToken);
        if (operation is not { IsActive: true })
            return;
        var runner = Guid.NewGuid();
        if (!await TryLeaseAsync(db, operation, runner, cancellationToken))
            return;
        await using var heartbeat = new LeaseHeartbeat(dbFactory, operation.Id, runner, Clock, Logger);
        var service = await db.Services.SingleAsync(s => s.Id == operation.ServiceId, cancellationToken);
        var run = new Run(this, db, operation, service, cancellationToken);

        try
        {
            var final = operation.Kind switch
            {
                OperationKind.Start => await run.StartAsync(),
                OperationKind.Stop => await run.StopAsync(),
                OperationKind.AddNodes => await run.AddNodesAsync(),
                OperationKind.RemoveNodes => await run.RemoveNodesAsync(),
                OperationKind.ReplaceNode => await run.ReplaceNodeAsync(),
                OperationKind.ActivateVersion => await run.ActivateVersionAsync(),
                OperationKind.LoadDump => await run.OwnOperationAsync(),
                _ => throw new ManagerException($"Unknown operation {operation.Kind}."),
            };
            operation.Succeed(Clock.GetUtcNow());
            service.EndOperation(final, Clock.GetUtcNow());
            await run.SaveAsync();
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // The portal is stopping, and whatever failed because of it (a cancelled cloud call, a closed
            // connection) is no failure of the operation: leave it active; the next start resumes it.
            throw;
        }
        catch (Exception failure)
        {
            var reason = Explain(failure);
            Logger.LogWarning(failure, "Operation {OperationId} ({Kind}) of service {ServiceId} failed", operation.Id, operation.Kind, service.Id);
            var keepNodes = failure is DataNotSavedException;
            if (keepNodes)
                await run.KeepNodesAsync();
            else
                await run.CleanUpAfterFailureAsync(reason);
            // The clean-up reloaded the records: record the failure on those, not on the detached originals.
            run.Operation.Fail(reason, Clock.GetUtcNow());
            var after = run.Operation.LeavesNodesAlone || keepNodes ? ServiceState.Running : ServiceState.Error;
            run.Service.EndOperation(after, Clock.GetUtcNow(), $"{run.Operation.Describe()} failed: {reason}");
            await run.SaveAsync(CancellationToken.None);
        }
    }

    /// <summary>
    /// Claims the operation in the database. When another runner holds it, that one finishes it; should it have
    /// died, its lease lapses and this operation is tried again after it.
    /// </summary>
    private async Task<bool> TryLeaseAsync(PortalDbContext db, Operation operation, Guid runner, CancellationToken cancellationToken)
    {
        if (!operation.TryLease(runner, Clock.GetUtcNow(), LeaseHeartbeat.Lease))
        {
            queue.EnqueueAfter(operation.Id, LeaseHeartbeat.Lease);
            return false;
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            return false; // another runner claimed it a moment earlier
        }
    }

    private static string Explain(Exception failure) => failure switch
    {
        ManagerException or CloudException or AgentException => failure.Message,
        _ => $"Unexpected error: {failure.Message}",
    };

    /// <summary>The state of one run of one operation.</summary>
    private sealed class Run(OperationRunner runner, PortalDbContext db, Operation operation, Service service, CancellationToken ct)
    {
        public Operation Operation => operation;

        public Service Service => service;

        private ServiceManager Manager => runner.Managers.For(service.Type);

        private DateTimeOffset Now => runner.Clock.GetUtcNow();

        public async Task<ServiceState> StartAsync()
        {
            var wanted = Manager.InitialNodes;
            var mine = (await NodesOfThisOperationAsync()).Where(n => n.State != NodeState.Terminated).ToList();
            foreach (var roles in wanted.Skip(mine.Count))
                db.Nodes.Add(new Node(service.Id, operation.Id, roles, operation.Cloud ?? service.Cloud ?? runner.Clouds.Default.Name, null, Now));
            await SaveAsync(); // node records exist before their machines do
            await ProgressAsync($"Starting {wanted.Count} node(s)", 0, wanted.Count);
            await ProvisionAsync((await NodesOfThisOperationAsync()).Where(n => n.State != NodeState.Terminated).ToList());
            await ConfigureAsync(await LiveNodesAsync(), "Configuring the service");
            return ServiceState.Running;
        }

        public async Task<ServiceState> AddNodesAsync()
        {
            // Nodes of this operation that were lost (terminated) are made again; live ones are kept.
            var mine = (await NodesOfThisOperationAsync()).Where(n => n.State != NodeState.Terminated).ToList();
            for (var i = mine.Count; i < operation.Count; i++)
                db.Nodes.Add(new Node(service.Id, operation.Id, [operation.Role!], operation.Cloud ?? service.Cloud ?? runner.Clouds.Default.Name, null, Now));
            await SaveAsync();
            await ProgressAsync($"Starting {operation.Count} {operation.Role} node(s)", 0, operation.Count);
            await ProvisionAsync((await NodesOfThisOperationAsync()).Where(n => n.State != NodeState.Terminated).ToList());
            await ArrangeAsync(await LiveNodesAsync());
            await ConfigureAsync(await LiveNodesAsync(), "Adding the new nodes to the service");
            return ServiceState.Running;
        }

        public async Task<ServiceState> RemoveNodesAsync()
        {
            var live = await LiveNodesAsync();
            // A resumed run finds the nodes it chose already marked Stopping, and keeps to them.
            var leaving = live.Where(n => n.State == NodeState.Stopping).ToList();
            if (leaving.Count == 0)
            {
                leaving = operation.NodeId is { } id
                    ? live.Where(n => n.Id == id).ToList()
                    : live.Where(n => n.HasRole(operation.Role!)).OrderByDescending(n => n.Id).Take(operation.Count).ToList();
                Manager.EnsureRemovable(live, leaving);
                foreach (var node in leaving)
                    node.MarkStopping(Now);
            }
            await ProgressAsync($"Taking {leaving.Count} node(s) out of service", 0, leaving.Count);
            var staying = live.Except(leaving).Where(n => n.State == NodeState.Running).ToList();
            await ArrangeAsync(staying);
            await ConfigureAsync(staying, "Reconfiguring the remaining nodes");
            await RetireAndTerminateAsync(leaving);
            return ServiceState.Running;
        }

        public async Task<ServiceState> ReplaceNodeAsync()
        {
            var live = await LiveNodesAsync();
            var failed = live.SingleOrDefault(n => n.Id == operation.NodeId);
            var mine = await NodesOfThisOperationAsync();
            if (mine.Count == 0 && failed is not null)
                db.Nodes.Add(new Node(service.Id, operation.Id, failed.RoleList, failed.Cloud, failed.InstanceType, Now));
            await SaveAsync();
            await ProgressAsync("Starting a replacement node", 0, 1);
            await ProvisionAsync(await NodesOfThisOperationAsync());
            var serving = (await LiveNodesAsync()).Where(n => n.Id != operation.NodeId && n.State == NodeState.Running).ToList();
            await ConfigureAsync(serving, "Adding the replacement to the service");
            if (failed is not null)
                await RetireAndTerminateAsync([failed]);
            return ServiceState.Running;
        }

        public async Task<ServiceState> ActivateVersionAsync()
        {
            service.SetActiveCodeVersion(operation.Version!);
            var live = await LiveNodesAsync();
            await ProgressAsync($"Switching {live.Count} node(s) to {operation.Version}", 0, live.Count);
            await ConfigureAsync(live, $"Switching to {operation.Version}");
            return ServiceState.Running;
        }

        /// <summary>An operation of the service's own type, carried out by its manager on the running nodes.</summary>
        public async Task<ServiceState> OwnOperationAsync()
        {
            var serving = (await LiveNodesAsync()).Where(n => n.State == NodeState.Running).ToList();
            await ProgressAsync(operation.Describe(), 0, 0);
            await Manager.RunOwnOperationAsync(new ManagerContext(service, serving, runner.Agents, runner.Services), operation, ProgressAsync, ct);
            return ServiceState.Running;
        }

        public async Task<ServiceState> StopAsync()
        {
            var live = await LiveNodesAsync();
            foreach (var node in live)
                node.MarkStopping(Now);
            await ProgressAsync($"Stopping {live.Count} node(s)", 0, live.Count);
            await RetireAndTerminateAsync(live);
            return ServiceState.Stopped;
        }

        /// <summary>After a stop that could not save the data: every node that was stopping runs on, as before.</summary>
        public async Task KeepNodesAsync()
        {
            db.ChangeTracker.Clear();
            operation = await db.Operations.SingleAsync(o => o.Id == operation.Id, CancellationToken.None);
            service = await db.Services.SingleAsync(s => s.Id == service.Id, CancellationToken.None);
            foreach (var node in await db.Nodes.Where(n => n.ServiceId == service.Id && n.State == NodeState.Stopping).ToListAsync(CancellationToken.None))
                node.MarkRunning(Now);
        }

        /// <summary>After a failure nothing may leak: machines this operation started and that are not serving are terminated.</summary>
        public async Task CleanUpAfterFailureAsync(string reason)
        {
            try
            {
                db.ChangeTracker.Clear();
                operation = await db.Operations.SingleAsync(o => o.Id == operation.Id, CancellationToken.None);
                service = await db.Services.SingleAsync(s => s.Id == service.Id, CancellationToken.None);
                var doomed = await db.Nodes
                    .Where(n => n.ServiceId == service.Id && n.State != NodeState.Terminated
                        && (n.OperationId == operation.Id || operation.Kind == OperationKind.Start || operation.Kind == OperationKind.Stop))
                    .ToListAsync(CancellationToken.None);
                foreach (var node in doomed)
                {
                    await TerminateAsync(node, CancellationToken.None);
                    node.MarkTerminated(Now, $"Terminated after a failed operation: {reason}");
                }
            }
            catch (Exception cleanupFailure)
            {
                runner.Logger.LogError(cleanupFailure, "Cleaning up after operation {OperationId} failed", operation.Id);
            }
        }

        public async Task SaveAsync(CancellationToken? token = null)
        {
            await db.SaveChangesAsync(token ?? ct);
            var application = await db.Applications.AsNoTracking().SingleAsync(a => a.Id == service.ApplicationId, token ?? ct);
            runner.Events.Publish(new ServiceChanged(application.OwnerId, application.Id, service.Id));
        }

        private async Task ProvisionAsync(IReadOnlyList<Node> nodes)
        {
            var total = nodes.Count;
            foreach (var group in nodes.Where(n => n.State == NodeState.Provisioning).GroupBy(n => n.Cloud))
            {
                var cloud = runner.Clouds.Get(group.Key);
                var specs = group.Select(n => new NodeSpec(n.CloudNodeId, n.RoleList, string.IsNullOrEmpty(n.InstanceType) ? null : n.InstanceType, ServiceId: service.Id)).ToList();
                IReadOnlyList<CloudNode> created;
                try
                {
                    created = await cloud.CreateNodesAsync(specs, ct);
                }
                catch (CloudException partial) when (partial.NodeIds.Count < specs.Count)
                {
                    // Record the nodes that did start, so they are cleaned up or adopted, then fail.
                    created = (await cloud.ListNodesAsync(ct)).Where(c => specs.Any(s => s.NodeId == c.NodeId)).ToList();
                    Record(group, created);
                    throw;
                }
                Record(group, created);
                await ProgressAsync($"Waiting for {total} node(s) to answer", Ready(nodes), total);
            }

            foreach (var node in nodes.Where(n => n.State == NodeState.Starting))
            {
                var agent = ManagerContext.Endpoint(node);
                await runner.Agents.WaitUntilReadyAsync(agent, AgentReadyTimeout, ct);
                if (!node.Bootstrapped && !string.IsNullOrEmpty(service.StartupScript))
                {
                    var result = await runner.Agents.RunStartupScriptAsync(agent, service.StartupScript, ct);
                    if (result.ExitCode != 0)
                        throw new ManagerException($"The startup script exited with code {result.ExitCode} on node {node.Id}; see the node's startup.log.");
                }
                node.MarkBootstrapped();
                node.MarkRunning(Now);
                await ProgressAsync($"Waiting for {total} node(s) to answer", Ready(nodes), total);
            }
        }

        private void Record(IEnumerable<Node> nodes, IReadOnlyList<CloudNode> created)
        {
            foreach (var node in nodes)
            {
                if (created.FirstOrDefault(c => c.NodeId == node.CloudNodeId) is { } machine)
                    node.Started(machine.Address, machine.Port, machine.InstanceType, machine.StartedAt, Now);
            }
        }

        /// <summary>Lets the manager move roles between nodes, and records where they went.</summary>
        private async Task ArrangeAsync(IReadOnlyList<Node> nodes)
        {
            Manager.Arrange(nodes.Where(n => n.State == NodeState.Running).ToList());
            await SaveAsync();
        }

        private static int Ready(IEnumerable<Node> nodes) => nodes.Count(n => n.State == NodeState.Running);

        private async Task ConfigureAsync(IReadOnlyList<Node> nodes, string step)
        {
            var serving = nodes.Where(n => n.State == NodeState.Running).ToList();
            await ProgressAsync(step, operation.Done, operation.Total);
            await Manager.ConfigureAsync(new ManagerContext(service, serving, runner.Agents, runner.Services) { Progress = ProgressAsync }, ct);
        }

        private async Task RetireAndTerminateAsync(IReadOnlyList<Node> leaving)
        {
            await Manager.RetireAsync(new ManagerContext(service, leaving, runner.Agents, runner.Services) { Progress = ProgressAsync }, leaving, ct);
            var done = 0;
            foreach (var node in leaving)
            {
                await TerminateAsync(node, ct);
                node.MarkTerminated(Now);
                await ProgressAsync(operation.Step, ++done, leaving.Count);
            }
        }

        private async Task TerminateAsync(Node node, CancellationToken token)
        {
            if (node.State is NodeState.Terminated)
                return;
            await runner.Clouds.Get(node.Cloud).TerminateNodeAsync(node.CloudNodeId, token);
        }

        private async Task ProgressAsync(string step, int done, int total)
        {
            operation.Progress(step, done, total, Now);
            await SaveAsync();
        }

        private async Task<List<Node>> NodesOfThisOperationAsync() =>
            await db.Nodes.Where(n => n.OperationId == operation.Id).OrderBy(n => n.Id).ToListAsync(ct);

        private async Task<List<Node>> LiveNodesAsync() =>
            await db.Nodes.Where(n => n.ServiceId == service.Id && n.State != NodeState.Terminated).OrderBy(n => n.Id).ToListAsync(ct);
    }
}
