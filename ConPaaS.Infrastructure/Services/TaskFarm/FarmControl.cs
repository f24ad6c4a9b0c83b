using ConPaaS.Domain.Nodes;
using ConPaaS.Domain.TaskFarm;

namespace ConPaaS.Infrastructure.Services.TaskFarm;

/// <summary>
/// Translates between a farm's files and the domain's <see cref="BudgetController"/>: the plan the user chose, and
/// a snapshot of the workers on the controller's clock (seconds since execution began). No I/O, so the
/// translation is tested on a simulated clock; the engine carries out the decisions.
/// </summary>
/// <remarks>
/// The controller thinks of a machine as running one task at a time. A node with several slots is shown as one
/// machine whose runtimes are node-seconds per task (runtime / slots, as the samples are), running its longest
/// running task; its other running tasks are not in the bag any more and are left out of the remaining work.
/// </remarks>
public static class FarmControl
{
    /// <summary>How often the controller decides; its stops for units ending before the next decision are made now.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    public static ControllerOptions Options { get; } = new()
    {
        IntervalSeconds = Interval.TotalSeconds,
        StopMarginSeconds = 30,
        BootSeconds = 10,
    };

    public static DateTimeOffset Origin(FarmFile farm) =>
        farm.PhaseStartedAt ?? throw new InvalidOperationException("An executing farm has a start time.");

    public static double Clock(FarmFile farm, DateTimeOffset time) => (time - Origin(farm)).TotalSeconds;

    public static DateTimeOffset Time(FarmFile farm, double clock) => Origin(farm) + TimeSpan.FromSeconds(clock);

    /// <summary>The chosen schedule as offered, within the money the farm may spend in all.</summary>
    public static ExecutionPlan Plan(FarmFile farm, RuntimeModel model)
    {
        var chosen = farm.Schedules[farm.Chosen ?? throw new InvalidOperationException("No schedule was chosen.")];
        var schedule = new Schedule(chosen.Machines, 0, chosen.ExpectedSeconds, chosen.UpperSeconds, chosen.ExpectedCost, chosen.UpperCost);
        var budget = farm.ControlBudget ?? throw new InvalidOperationException("The control budget is set when execution begins.");
        return new ExecutionPlan(FarmTypes.Machines(farm.Types), model, schedule, 0, budget);
    }

    /// <summary>Tasks no worker has started: not handed out, or waiting in a worker's queue.</summary>
    public static int Pending(FarmFile farm) =>
        farm.TaskStates.Count(s => s == FarmTaskState.Pending)
        + farm.Workers.Where(w => !w.Gone).Sum(w => w.Outstanding.Count(t => !w.RunningSince.ContainsKey(t) && !w.Replicas.Contains(t)));

    public static FarmSnapshot Snapshot(FarmFile farm, IReadOnlyDictionary<int, Node> nodes, DateTimeOffset now)
    {
        double clock = Clock(farm, now);
        var machines = new List<FarmMachine>();
        foreach (var w in farm.Workers)
        {
            if (!nodes.TryGetValue(w.NodeId, out var node))
                continue;
            // A machine that never started costs nothing (the billing rule counts from its start).
            if (node.StartedAt is null && (w.Gone || node.State == NodeState.Terminated))
                continue;
            int slots = farm.Types[w.TypeIndex].Slots;
            double? stopped = node.TerminatedAt is { } end ? Clock(farm, end) : w.Gone ? clock : null;
            RunningTask? running = null;
            if (stopped is null && w.RunningSince.Count > 0)
            {
                var (task, since) = w.RunningSince.MinBy(r => r.Value);
                double elapsed = Math.Max(0, (now - since).TotalSeconds) / slots;
                running = new RunningTask(task, clock - elapsed, w.Replicas.Contains(task));
            }
            // A copy handed to the worker that has not started yet: it runs after the worker's current task.
            int? queuedCopy = stopped is null ? w.Replicas.Where(t => !w.RunningSince.ContainsKey(t)).Select(t => (int?)t).FirstOrDefault() : null;
            machines.Add(new FarmMachine(
                w.NodeId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                w.TypeIndex,
                Clock(farm, node.StartedAt ?? node.CreatedAt),
                w.StopAt is { } stop ? Clock(farm, stop) : null,
                stopped,
                w.Done,
                w.BusySeconds / slots,
                running,
                queuedCopy));
        }
        return new FarmSnapshot(clock, Pending(farm), machines);
    }

    /// <summary>
    /// Seconds one task takes on a slot of each type, from the samples (node-seconds × slots); the engine keeps
    /// a worker's queue a few seconds deep with it and gives a stopping worker no task it would not finish.
    /// </summary>
    public static double SecondsPerTask(FarmFile farm, int type)
    {
        var samples = farm.Samples.Where(s => s.Type == type).ToList();
        return samples.Count == 0 ? 1 : samples.Average(s => s.Seconds) * farm.Types[type].Slots;
    }
}
