using ConPaaS.Domain.Contracts;
using ConPaaS.Domain.Nodes;
using ConPaaS.Domain.Services;
using ConPaaS.Infrastructure.Agents;
using ConPaaS.Infrastructure.Data;
using ConPaaS.Infrastructure.Events;
using ConPaaS.Infrastructure.Managers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace ConPaaS.Infrastructure.Services.TaskFarm;

/// <summary>
/// One step of a farm, run by <see cref="TaskFarmLoop"/> every second (sooner when a worker is about to run out of
/// work, see <see cref="NextStep"/>): start missing workers, collect results,
/// re-queue the tasks of lost workers, hand out tasks, and move from sampling to schedules and from execution
/// to done. Every step starts from the persisted state and saves it, so a restart resumes where it was.
/// </summary>
public sealed partial class TaskFarmEngine(
    IDbContextFactory<PortalDbContext> dbFactory,
    FarmStore store,
    FarmLocks locks,
    FarmWorkers workers,
    AgentTaskFarmClient client,
    PortalEvents events,
    TimeProvider clock,
    ILogger<TaskFarmEngine> logger)
{
    /// <summary>Calls that fail in a row before a worker counts as lost.</summary>
    public const int LostAfterFailures = 3;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, (int Generation, IReadOnlyList<string> Commands)> _bags = new();

    /// <summary>One step; returns how soon this farm wants the next one.</summary>
    public async Task<TimeSpan> StepAsync(int serviceId, CancellationToken ct)
    {
        using var _ = await locks.AcquireAsync(serviceId, ct);
        var farm = store.Load(serviceId);
        if (farm.Phase is not (FarmPhase.Sampling or FarmPhase.Executing))
            return TaskFarmLoop.Interval;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var service = await db.Services.SingleOrDefaultAsync(s => s.Id == serviceId, ct);
        if (service is null)
            return TaskFarmLoop.Interval;
        if (farm.Demo)
        {
            if (DemoView.Advance(farm, clock.GetUtcNow()))
                store.Save(serviceId, farm);
            await PublishAsync(db, service, ct);
            return TaskFarmLoop.Interval;
        }
        // A stopped service pauses its farm: its workers are gone, and their tasks wait for the restart.
        if (service.State != ServiceState.Running)
            return TaskFarmLoop.Interval;

        var ids = farm.Workers.Select(w => w.NodeId).ToList();
        var nodes = await db.Nodes.Where(n => ids.Contains(n.Id)).ToDictionaryAsync(n => n.Id, ct);
        foreach (var worker in farm.Workers.Where(w => !w.Gone))
        {
            var node = nodes[worker.NodeId];
            // A new worker comes up in the background (a start under way is left alone): a later step finds its
            // record Running, or ended with the reason. Waiting here would stop every other worker meanwhile.
            if (node.State is NodeState.Provisioning or NodeState.Starting)
                workers.Start(node.Id);
            if (node.State == NodeState.Running)
                await CollectAsync(serviceId, farm, worker, node, nodes, ct);
            if (node.State is NodeState.Failed or NodeState.Stopping or NodeState.Terminated || worker.Failures >= LostAfterFailures)
                await LoseAsync(db, farm, worker, node, node.StateReason is { } reason ? $"lost ({node.State}: {reason})" : $"lost ({node.State})", ct);
        }

        if (farm.Phase == FarmPhase.Sampling)
            await SampleAsync(db, service, farm, nodes, ct);
        else
            await ExecuteAsync(db, service, farm, nodes, ct);
        store.Save(serviceId, farm);
        await PublishAsync(db, service, ct);
        return farm.Phase == FarmPhase.Executing ? NextStep(farm, nodes) : TaskFarmLoop.Interval;
    }

    private async Task CollectAsync(int serviceId, FarmFile farm, FarmWorker worker, Node node, Dictionary<int, Node> nodes, CancellationToken ct)
    {
        WorkerResults answer;
        try
        {
            answer = await client.ResultsAsync(ManagerContext.Endpoint(node), worker.Sequence, ct);
        }
        catch (AgentException exception)
        {
            worker.Failures++;
            logger.LogWarning("Worker node {NodeId} did not answer ({Failures} in a row): {Message}", node.Id, worker.Failures, exception.Message);
            return;
        }
        worker.Failures = 0;
        var now = clock.GetUtcNow();
        var running = answer.Running.Where(id => id / FarmIds.Stride == FarmIds.Generation(farm)).Select(id => id % FarmIds.Stride).ToHashSet();
        foreach (var gone in worker.RunningSince.Keys.Where(t => !running.Contains(t)).ToList())
            worker.RunningSince.Remove(gone);
        foreach (var task in running)
            worker.RunningSince.TryAdd(task, now);
        var fresh = new List<FarmResult>();
        foreach (var result in answer.Results)
        {
            worker.Sequence = Math.Max(worker.Sequence, result.Sequence);
            int task = result.Id % FarmIds.Stride;
            if (result.Id / FarmIds.Stride != FarmIds.Generation(farm) || task >= farm.TaskCount)
                continue; // a task of an earlier bag on a reused worker
            worker.Outstanding.Remove(task);
            worker.RunningSince.Remove(task);
            worker.Replicas.Remove(task);
            var slots = farm.Types[worker.TypeIndex].Slots;
            if (farm.Phase == FarmPhase.Sampling && !farm.Samples.Any(s => s.Task == task && s.Type == worker.TypeIndex))
                farm.Samples.Add(new FarmSample(task, worker.TypeIndex, result.Seconds / slots));
            if (farm.TaskStates[task] is FarmTaskState.Succeeded or FarmTaskState.Failed)
                continue;
            farm.TaskStates[task] = result.ExitCode == 0 ? FarmTaskState.Succeeded : FarmTaskState.Failed;
            farm.TaskNodes[task] = node.Id;
            worker.Done++;
            worker.BusySeconds += result.Seconds;
            await CancelCopiesAsync(farm, worker, task, nodes, ct);
            fresh.Add(new FarmResult(task, node.Id, worker.TypeIndex, result.ExitCode, result.TimedOut, result.Seconds, result.StdoutTail, result.StderrTail, result.FinishedAt));
        }
        // Results first, then the state that says they were read: a crash in between reads them again.
        store.Append(serviceId, fresh);
    }

    /// <summary>
    /// A worker that failed, stopped answering, or reached its planned stop: its unfinished tasks go back in the
    /// bag (unless a copy runs elsewhere) and its machine is ended.
    /// </summary>
    /// <param name="planned">The worker's paid time is up (it still answers: its outputs are collected), rather than lost.</param>
    private async Task LoseAsync(PortalDbContext db, FarmFile farm, FarmWorker worker, Node node, string why, CancellationToken ct, bool planned = false)
    {
        logger.LogWarning("Worker node {NodeId} {Why}; re-queuing {Count} task(s)", node.Id, why, worker.Outstanding.Count);
        worker.Gone = true;
        foreach (var task in worker.Outstanding)
        {
            bool elsewhere = farm.Workers.Any(w => !w.Gone && w.Outstanding.Contains(task));
            if (farm.TaskStates[task] == FarmTaskState.Assigned && !elsewhere)
                farm.TaskStates[task] = FarmTaskState.Pending;
        }
        worker.Outstanding.Clear();
        worker.RunningSince.Clear();
        worker.Replicas.Clear();
        if (planned)
            await workers.EndAsync(db, node, ct);
        else
            await workers.TerminateAsync(db, node, ct);
    }

    private async Task SampleAsync(PortalDbContext db, Service service, FarmFile farm, Dictionary<int, Node> nodes, CancellationToken ct)
    {
        for (int type = 0; type < farm.Types.Count; type++)
        {
            var sampled = farm.Samples.Where(s => s.Type == type).Select(s => s.Task).ToHashSet();
            var alive = farm.Workers.Where(w => !w.Gone && w.TypeIndex == type).ToList();
            if (alive.Count == 0 && sampled.Count < farm.SamplePlan[type].Count)
            {
                await AddWorkerAsync(db, service, farm, nodes, type, ct);
                continue;
            }
            foreach (var worker in alive.Where(w => nodes[w.NodeId].State == NodeState.Running))
            {
                var busy = alive.SelectMany(w => w.Outstanding).ToHashSet();
                var next = farm.SamplePlan[type].Where(t => !sampled.Contains(t) && !busy.Contains(t)).ToList();
                await SubmitAsync(farm, worker, nodes[worker.NodeId], next, farm.Types[type].Slots * FarmQueues.TasksPerSlot, ct);
            }
        }

        bool complete = Enumerable.Range(0, farm.Types.Count)
            .All(type => farm.SamplePlan[type].All(t => farm.Samples.Any(s => s.Type == type && s.Task == t)));
        if (!complete)
            return;
        var now = clock.GetUtcNow();
        farm.CutOff = FarmMath.RunningAt(farm, now);
        var model = FarmMath.Model(farm);
        var front = FarmMath.Front(farm, model, FarmMath.Remaining(farm), FarmMath.Existing(farm, nodes, now));
        farm.Schedules = front.Points.Select(FarmMath.ToDto).ToList();
        farm.Phase = FarmPhase.Ready;
        farm.PhaseStartedAt = now;
        farm.Message = $"Sampling done: {farm.Samples.Count} measurements. Pick a schedule on the graph, or type a budget.";
    }

    /// <summary>Hands a worker tasks up to <paramref name="capacity"/> outstanding; copies are remembered as such.</summary>
    private async Task SubmitAsync(FarmFile farm, FarmWorker worker, Node node, IEnumerable<int> candidates, int capacity, CancellationToken ct, bool replica = false)
    {
        var room = capacity - worker.Outstanding.Count;
        var tasks = candidates.Take(Math.Max(0, room)).ToList();
        if (tasks.Count == 0)
            return;
        var bag = Commands(farm, node.ServiceId);
        try
        {
            await client.SubmitAsync(ManagerContext.Endpoint(node),
                tasks.Select(t => new WorkerTask(FarmIds.Wire(farm, t), bag[t])).ToList(), ct);
        }
        catch (AgentException exception)
        {
            worker.Failures++;
            logger.LogWarning("Submitting to worker node {NodeId} failed: {Message}", node.Id, exception.Message);
            return;
        }
        foreach (var t in tasks)
        {
            worker.Outstanding.Add(t);
            if (replica)
                worker.Replicas.Add(t);
            if (farm.TaskStates[t] == FarmTaskState.Pending)
                farm.TaskStates[t] = FarmTaskState.Assigned;
        }
    }

    /// <summary>The bag's commands, parsed once per bag (a step would otherwise parse it for every worker).</summary>
    private IReadOnlyList<string> Commands(FarmFile farm, int serviceId)
    {
        if (_bags.TryGetValue(serviceId, out var cached) && cached.Generation == farm.Generation)
            return cached.Commands;
        var commands = FarmIds.Commands(store.Bag(serviceId));
        _bags[serviceId] = (farm.Generation, commands);
        return commands;
    }

    private async Task AddWorkerAsync(PortalDbContext db, Service service, FarmFile farm, Dictionary<int, Node> nodes, int type, CancellationToken ct)
    {
        var node = await workers.RecordAsync(db, service, farm.Cloud, farm.Types[type].Name, ct);
        nodes[node.Id] = node;
        farm.Workers.Add(new FarmWorker { NodeId = node.Id, TypeIndex = type });
        // The record is in the state before the machine exists: a crash now leaves a record to provision, not a stray machine.
        store.Save(service.Id, farm);
        workers.Start(node.Id);
    }

    private async Task PublishAsync(PortalDbContext db, Service service, CancellationToken ct)
    {
        var owner = await db.Applications.Where(a => a.Id == service.ApplicationId).Select(a => a.OwnerId).SingleAsync(ct);
        events.Publish(new ServiceChanged(owner, service.ApplicationId, service.Id));
    }
}
