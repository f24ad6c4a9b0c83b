using ConPaaS.Domain.Nodes;
using ConPaaS.Domain.Services;
using ConPaaS.Infrastructure.Agents;
using ConPaaS.Infrastructure.Clouds;
using ConPaaS.Infrastructure.Data;
using ConPaaS.Infrastructure.Managers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace ConPaaS.Infrastructure.Services.TaskFarm;

/// <summary>
/// Starts and ends worker nodes for the farm, the way the operation runner does it for add/remove nodes, but
/// of a chosen instance type (an add-nodes operation has no type). The node record exists before the machine
/// and the machine is created under the record's id, so a retried start adopts instead of starting a second.
/// </summary>
/// <remarks>
/// A start runs in the background and the farm's step only looks at the record: a new agent may take minutes to
/// answer (a loaded host, a slow cloud), and a step that waited for it held the farm's lock, so collection,
/// control and dispatch stopped for every other worker meanwhile. The record says how far a start got: Starting
/// once the machine exists, Running once its role runs, and when it did not start, Terminated with the reason.
/// </remarks>
public sealed class FarmWorkers(
    IDbContextFactory<PortalDbContext> dbFactory, CloudRegistry clouds, IAgentClient agents, TaskFarmManager manager, FarmOutputs outputs,
    TimeProvider clock, ILogger<FarmWorkers> logger)
{
    public static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(2);

    private readonly Dictionary<int, PendingStart> _starts = [];
    private readonly CancellationTokenSource _stopping = new();

    public async Task<Node> RecordAsync(PortalDbContext db, Service service, string cloud, string instanceType, CancellationToken ct)
    {
        var node = new Node(service.Id, service.ActiveOperationId ?? 0, ["worker"], cloud, instanceType, clock.GetUtcNow());
        db.Nodes.Add(node);
        await db.SaveChangesAsync(ct);
        return node;
    }

    /// <summary>
    /// Brings a recorded worker (Provisioning or Starting) to Running in the background, unless its start is under
    /// way already; returns at once. A start that fails, for whatever reason, ends the machine and says why on the record.
    /// </summary>
    public void Start(int nodeId)
    {
        lock (_starts)
        {
            if (_stopping.IsCancellationRequested || _starts.ContainsKey(nodeId))
                return;
            var cancel = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            var start = new PendingStart(cancel);
            _starts[nodeId] = start;
            start.Task = Task.Run(async () =>
            {
                try
                {
                    await RunAsync(nodeId, cancel.Token);
                }
                finally
                {
                    lock (_starts)
                        _starts.Remove(nodeId);
                    cancel.Dispose();
                }
            }, CancellationToken.None);
        }
    }

    /// <summary>
    /// Ends a worker whose work is over (its paid time is up, an extra of a direct run): its task outputs come to
    /// the farm first, as its folders go with the node. A lost worker is only terminated: its agent no longer answers.
    /// </summary>
    public Task EndAsync(PortalDbContext db, Node node, CancellationToken ct) => EndAllAsync(db, [node], ct);

    /// <summary>
    /// Ends the last workers of a bag, all at once: each agent packs its own outputs and each machine waits for its
    /// agent to exit, so the bag's end waits for the slowest rather than for each in turn (seconds for a
    /// 10,000-task bag on four workers).
    /// </summary>
    public async Task EndAllAsync(PortalDbContext db, IReadOnlyList<Node> nodes, CancellationToken ct)
    {
        await Task.WhenAll(nodes.Select(node => outputs.CollectAsync(node, ct)));
        await TerminateAllAsync(db, nodes, ct);
    }

    /// <summary>Ends a worker: a start under way is called off first (so no machine comes up after), then its machine goes, and its record says when.</summary>
    public Task TerminateAsync(PortalDbContext db, Node node, CancellationToken ct) => TerminateAllAsync(db, [node], ct);

    private async Task TerminateAllAsync(PortalDbContext db, IReadOnlyList<Node> nodes, CancellationToken ct)
    {
        foreach (var node in nodes)
        {
            if (await CallOffAsync(node.Id))
                await db.Entry(node).ReloadAsync(ct); // the start wrote the record meanwhile
        }
        var live = nodes.Where(node => node.State != NodeState.Terminated).ToList();
        var ended = await Task.WhenAll(live.Select(async node =>
        {
            try
            {
                await clouds.Get(node.Cloud).TerminateNodeAsync(node.CloudNodeId, ct);
                return true;
            }
            catch (CloudException exception)
            {
                logger.LogWarning(exception, "Terminating worker node {NodeId} failed", node.Id);
                return false;
            }
        }));
        for (int i = 0; i < live.Count; i++)
        {
            if (ended[i])
                live[i].MarkTerminated(clock.GetUtcNow());
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Calls off every start under way and waits for them (the portal stops: the next one resumes them from the records).</summary>
    public async Task StopAsync()
    {
        Task[] running;
        lock (_starts)
        {
            _stopping.Cancel();
            running = _starts.Values.Select(s => s.Task!).ToArray();
        }
        await Task.WhenAll(running);
    }

    private async Task<bool> CallOffAsync(int nodeId)
    {
        PendingStart? start;
        lock (_starts)
        {
            if (!_starts.TryGetValue(nodeId, out start))
                return false;
            start.Cancel.Cancel();
        }
        await start.Task!;
        return true;
    }

    private async Task RunAsync(int nodeId, CancellationToken ct)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var node = await db.Nodes.SingleAsync(n => n.Id == nodeId, ct);
            var service = await db.Services.AsNoTracking().SingleAsync(s => s.Id == node.ServiceId, ct);
            await BringUpAsync(db, service, node, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Called off by the farm (which ends the node) or by the portal's stop (the next portal resumes it).
        }
        catch (Exception exception)
        {
            // Whatever the reason (the cloud, the agent, a script, a timeout of the transport), the node did not
            // start: it is ended, its record says why, and the farm re-plans without it.
            logger.LogWarning(exception, "Worker node {NodeId} did not start: {Reason}", nodeId, exception.Message);
            await EndFailedStartAsync(nodeId, $"Did not start: {exception.Message}");
        }
    }

    private async Task BringUpAsync(PortalDbContext db, Service service, Node node, CancellationToken ct)
    {
        if (node.State == NodeState.Provisioning)
        {
            var created = await clouds.Get(node.Cloud).CreateNodesAsync(
                [new NodeSpec(node.CloudNodeId, node.RoleList, node.InstanceType, ServiceId: service.Id)], ct);
            var machine = created.Single();
            if (!await StillWantedAsync(db, node, ct))
                return;
            node.Started(machine.Address, machine.Port, machine.InstanceType, machine.StartedAt, clock.GetUtcNow());
            await db.SaveChangesAsync(ct);
        }
        if (node.State != NodeState.Starting)
            return;
        var agent = ManagerContext.Endpoint(node);
        await agents.WaitUntilReadyAsync(agent, ReadyTimeout, ct);
        if (!node.Bootstrapped && !string.IsNullOrEmpty(service.StartupScript))
        {
            var result = await agents.RunStartupScriptAsync(agent, service.StartupScript, ct);
            if (result.ExitCode != 0)
                throw new ManagerException($"The startup script exited with code {result.ExitCode} on node {node.Id}; see the node's startup.log.");
        }
        node.MarkBootstrapped();
        var settings = System.Text.Json.JsonSerializer.SerializeToElement(manager.Settings(node.Cloud, node.InstanceType),
            new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web));
        await agents.ConfigureRoleAsync(agent, AgentTaskFarmClient.WorkerRole, settings, ct);
        await agents.StartRoleAsync(agent, AgentTaskFarmClient.WorkerRole, ct);
        if (!await StillWantedAsync(db, node, ct))
            return;
        node.MarkRunning(clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Worker node {NodeId} ({Type}) is up", node.Id, node.InstanceType);
    }

    /// <summary>
    /// False when someone else ended the node while it started (the service was stopped: its operation ends every
    /// live node); then the machine just made goes too, and the record is not written back over.
    /// </summary>
    private async Task<bool> StillWantedAsync(PortalDbContext db, Node node, CancellationToken ct)
    {
        var state = await db.Nodes.AsNoTracking().Where(n => n.Id == node.Id).Select(n => n.State).SingleAsync(ct);
        if (state is not (NodeState.Terminated or NodeState.Stopping))
            return true;
        logger.LogInformation("Worker node {NodeId} was ended while it started; its machine goes too", node.Id);
        await clouds.Get(node.Cloud).TerminateNodeAsync(node.CloudNodeId, ct);
        return false;
    }

    /// <summary>
    /// A start that failed ends its machine at once and records why. A half-started agent left running would
    /// answer the health monitor, which takes a failed node that answers for one that came back (Running).
    /// </summary>
    private async Task EndFailedStartAsync(int nodeId, string reason)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            var node = await db.Nodes.SingleAsync(n => n.Id == nodeId);
            if (node.State is not (NodeState.Provisioning or NodeState.Starting))
                return; // ended meanwhile: nothing to say about a start
            var now = clock.GetUtcNow();
            node.MarkFailed(reason, now);
            try
            {
                await clouds.Get(node.Cloud).TerminateNodeAsync(node.CloudNodeId, CancellationToken.None);
                node.MarkTerminated(now);
            }
            catch (CloudException exception)
            {
                // Recorded as Failed: the farm ends it (and tries the cloud again) in its next step.
                logger.LogWarning(exception, "Ending worker node {NodeId}, which did not start, failed", nodeId);
            }
            await db.SaveChangesAsync();
        }
        catch (Exception exception) when (exception is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
        {
            // The record still says Provisioning or Starting: the next step starts the node again.
            logger.LogWarning(exception, "Recording that worker node {NodeId} did not start failed", nodeId);
        }
    }

    private sealed class PendingStart(CancellationTokenSource cancel)
    {
        public CancellationTokenSource Cancel { get; } = cancel;
        public Task? Task { get; set; }
    }
}
