using ConPaaS.Domain.Nodes;
using ConPaaS.Domain.Services;
using ConPaaS.Domain.TaskFarm;
using ConPaaS.Infrastructure.Agents;
using ConPaaS.Infrastructure.Data;
using ConPaaS.Infrastructure.Managers;
using Microsoft.Extensions.Logging;

namespace ConPaaS.Infrastructure.Services.TaskFarm;

/// <summary>
/// The execution phase. With a chosen schedule, the <see cref="BudgetController"/> decides every
/// <see cref="FarmControl.Interval"/>: machines start and stop (at the end of a paid unit) as the observed
/// runtimes require within the budget, and machines copy tail tasks (a busy one runs its copy after its current task). A bag run directly keeps one machine.
/// </summary>
public sealed partial class TaskFarmEngine
{
    /// <summary>The shortest wait between two steps of a farm, however short its tasks.</summary>
    public static readonly TimeSpan MinimumStep = TimeSpan.FromMilliseconds(100);

    private async Task ExecuteAsync(PortalDbContext db, Service service, FarmFile farm, Dictionary<int, Node> nodes, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (farm.Chosen is null)
        {
            await KeepDirectWorkerAsync(db, service, farm, nodes, ct);
        }
        else
        {
            if (farm.ControlBudget is null)
                await BeginControlAsync(db, service, farm, nodes, now, ct);
            foreach (var due in farm.Workers.Where(w => !w.Gone && w.StopAt <= now).ToList())
                await LoseAsync(db, farm, due, nodes[due.NodeId], "reached the end of its paid time", ct, planned: true);
            if (farm.ControlledAt is not { } last || now - last >= FarmControl.Interval)
                await ControlAsync(db, service, farm, nodes, now, ct);
        }

        await DispatchAsync(farm, nodes, now, ct);

        if (farm.TaskStates.All(s => s is FarmTaskState.Succeeded or FarmTaskState.Failed))
        {
            var last = farm.Workers.Where(w => !w.Gone).ToList();
            last.ForEach(w => w.Gone = true);
            await workers.EndAllAsync(db, last.Select(w => nodes[w.NodeId]).ToList(), ct);
            int failed = farm.TaskStates.Count(s => s == FarmTaskState.Failed);
            farm.Phase = FarmPhase.Done;
            farm.PhaseStartedAt = now;
            farm.Message = failed == 0 ? "Done: every task succeeded." : $"Done: {failed} task(s) failed; see their output.";
        }
    }

    /// <summary>
    /// The chosen schedule's machines: the sampling workers it adopts (those with the most paid time left), new
    /// ones for the rest. Workers it does not adopt keep working until the end of their paid unit.
    /// </summary>
    private async Task BeginControlAsync(PortalDbContext db, Service service, FarmFile farm, Dictionary<int, Node> nodes, DateTimeOffset now, CancellationToken ct)
    {
        var target = FarmIds.Target(farm);
        for (int type = 0; type < farm.Types.Count; type++)
        {
            var alive = farm.Workers.Where(w => !w.Gone && w.TypeIndex == type).OrderByDescending(w => StopTime(nodes[w.NodeId], now)).ToList();
            foreach (var extra in alive.Skip(target[type]))
                extra.StopAt = StopTime(nodes[extra.NodeId], now);
            for (int i = alive.Count; i < target[type]; i++)
                await AddWorkerAsync(db, service, farm, nodes, type, ct);
        }
        farm.ControlBudget = FarmMath.Spent(farm, nodes, now) + (farm.Budget ?? 0);
    }

    private async Task ControlAsync(PortalDbContext db, Service service, FarmFile farm, Dictionary<int, Node> nodes, DateTimeOffset now, CancellationToken ct)
    {
        farm.ControlledAt = now;
        var controller = new BudgetController(FarmControl.Plan(farm, FarmMath.Model(farm)), FarmControl.Options);
        var result = controller.Decide(FarmControl.Snapshot(farm, nodes, now));
        foreach (var decision in result.Decisions)
        {
            switch (decision)
            {
                case StartMachine start:
                    logger.LogInformation("Farm of service {ServiceId}: starting a {Type} worker to keep to the plan", service.Id, farm.Types[start.TypeIndex].Name);
                    await AddWorkerAsync(db, service, farm, nodes, start.TypeIndex, ct);
                    break;
                case StopMachine stop when Worker(farm, stop.MachineId) is { Gone: false } worker:
                    worker.StopAt = FarmControl.Time(farm, stop.At);
                    if (worker.StopAt <= now)
                        await LoseAsync(db, farm, worker, nodes[worker.NodeId], "reached the end of its paid time", ct, planned: true);
                    break;
                case CancelStop cancel when Worker(farm, cancel.MachineId) is { Gone: false } worker:
                    worker.StopAt = null;
                    break;
                case ReplicateTask copy when Worker(farm, copy.MachineId) is { Gone: false } worker
                                             && nodes[worker.NodeId].State == NodeState.Running
                                             && farm.TaskStates[copy.TaskIndex] == FarmTaskState.Assigned
                                             && !worker.Outstanding.Contains(copy.TaskIndex)
                                             && FasterPerSlot(farm, worker, copy.TaskIndex):
                    logger.LogInformation("Farm of service {ServiceId}: copying tail task {Task} to node {NodeId}", service.Id, copy.TaskIndex, worker.NodeId);
                    await SubmitAsync(farm, worker, nodes[worker.NodeId], [copy.TaskIndex], worker.Outstanding.Count + 1, ct, replica: true);
                    break;
            }
        }
    }

    /// <summary>Fills every serving worker's queue up to its <see cref="FarmQueues"/> capacity.</summary>
    private async Task DispatchAsync(FarmFile farm, Dictionary<int, Node> nodes, DateTimeOffset now, CancellationToken ct)
    {
        var serving = farm.Workers.Where(w => !w.Gone && nodes[w.NodeId].State == NodeState.Running).ToList();
        var capacities = FarmQueues.Capacities(farm, serving, now);
        foreach (var worker in serving.Where(w => capacities[w.NodeId] > w.Outstanding.Count))
        {
            var pending = Enumerable.Range(0, farm.TaskCount).Where(t => farm.TaskStates[t] == FarmTaskState.Pending);
            await SubmitAsync(farm, worker, nodes[worker.NodeId], pending, capacities[worker.NodeId], ct);
        }
    }

    /// <summary>
    /// The next step comes when the first worker is expected to run out of work, if that is before the loop's
    /// interval: its results are read and it gets more at once, and the end of the bag shows as soon as it comes
    /// rather than up to a second later (for a bag of short tasks, that second is a good part of the run).
    /// </summary>
    private static TimeSpan NextStep(FarmFile farm, Dictionary<int, Node> nodes)
    {
        double soonest = TaskFarmLoop.Interval.TotalSeconds;
        foreach (var worker in farm.Workers.Where(w => !w.Gone && w.Outstanding.Count > 0 && nodes[w.NodeId].State == NodeState.Running))
        {
            double drains = worker.Outstanding.Count * FarmControl.SecondsPerTask(farm, worker.TypeIndex) / farm.Types[worker.TypeIndex].Slots;
            soonest = Math.Min(soonest, drains);
        }
        return TimeSpan.FromSeconds(Math.Max(MinimumStep.TotalSeconds, soonest));
    }

    /// <summary>A bag run directly: one machine of the first type, replaced when lost; extra workers go once idle.</summary>
    private async Task KeepDirectWorkerAsync(PortalDbContext db, Service service, FarmFile farm, Dictionary<int, Node> nodes, CancellationToken ct)
    {
        var target = FarmIds.Target(farm);
        bool work = farm.TaskStates.Any(s => s == FarmTaskState.Pending);
        for (int type = 0; type < farm.Types.Count; type++)
        {
            var alive = farm.Workers.Where(w => !w.Gone && w.TypeIndex == type).ToList();
            for (int i = alive.Count; work && i < target[type]; i++)
                await AddWorkerAsync(db, service, farm, nodes, type, ct);
            foreach (var extra in alive.Skip(target[type]).Where(w => w.Outstanding.Count == 0))
            {
                extra.Gone = true;
                await workers.EndAsync(db, nodes[extra.NodeId], ct);
            }
        }
    }

    /// <summary>The first copy of a task to finish wins: the other copies are cancelled on their workers.</summary>
    private async Task CancelCopiesAsync(FarmFile farm, FarmWorker winner, int task, Dictionary<int, Node> nodes, CancellationToken ct)
    {
        foreach (var other in farm.Workers.Where(w => w != winner && !w.Gone && w.Outstanding.Contains(task)))
        {
            other.Outstanding.Remove(task);
            other.RunningSince.Remove(task);
            other.Replicas.Remove(task);
            try
            {
                await client.CancelAsync(ManagerContext.Endpoint(nodes[other.NodeId]), FarmIds.Wire(farm, task), ct);
            }
            catch (AgentException exception)
            {
                // The copy runs on to its end and its result is ignored: the task is done.
                logger.LogWarning("Cancelling task {Task} on node {NodeId} failed: {Message}", task, other.NodeId, exception.Message);
            }
        }
    }

    /// <summary>
    /// The controller sees a node in node-seconds; a copy runs on one slot, so it only pays off when a slot of the
    /// copying type is faster than one of the type the task runs on (on the local cloud, slots are not speed).
    /// </summary>
    private static bool FasterPerSlot(FarmFile farm, FarmWorker copier, int task) =>
        farm.Workers.FirstOrDefault(w => !w.Gone && w.Outstanding.Contains(task)) is { } original
        && FarmControl.SecondsPerTask(farm, copier.TypeIndex) < FarmControl.SecondsPerTask(farm, original.TypeIndex);

    private static FarmWorker? Worker(FarmFile farm, string machineId) =>
        farm.Workers.FirstOrDefault(w => w.NodeId.ToString(System.Globalization.CultureInfo.InvariantCulture) == machineId);

    private static DateTimeOffset Started(Node node) => node.StartedAt ?? node.CreatedAt;

    /// <summary>Shortly before the end of the node's current paid unit (never in the past).</summary>
    private static DateTimeOffset StopTime(Node node, DateTimeOffset now)
    {
        var started = Started(node);
        double unitEnd = Billing.UnitEnd(0, (now - started).TotalSeconds, FarmMath.HourSeconds);
        var stop = started + TimeSpan.FromSeconds(unitEnd - FarmControl.Options.StopMarginSeconds);
        return stop < now ? now : stop;
    }
}
