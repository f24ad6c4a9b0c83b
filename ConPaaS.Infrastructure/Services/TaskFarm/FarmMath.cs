using ConPaaS.Domain.Contracts;
using ConPaaS.Domain.Nodes;
using ConPaaS.Domain.TaskFarm;

namespace ConPaaS.Infrastructure.Services.TaskFarm;

/// <summary>The farm's figures from its state, through the domain's estimators: no I/O.</summary>
public static class FarmMath
{
    public const double HourSeconds = 3600;

    public static RuntimeModel Model(FarmFile farm) =>
        RuntimeEstimator.Estimate(farm.Types.Count,
            farm.Samples.Select(s => new SampleObservation(s.Task, s.Type, s.Seconds)),
            farm.CutOff.Select(s => new SampleObservation(s.Task, s.Type, s.Seconds)));

    /// <summary>What the sampling workers are running as sampling ends: the runs it cuts off, in node-seconds.</summary>
    public static List<FarmSample> RunningAt(FarmFile farm, DateTimeOffset now) =>
        farm.Workers.Where(w => !w.Gone)
            .SelectMany(w => w.RunningSince
                .Where(r => !farm.Samples.Any(s => s.Task == r.Key && s.Type == w.TypeIndex))
                .Select(r => new FarmSample(r.Key, w.TypeIndex, Math.Max(0, (now - r.Value).TotalSeconds) / farm.Types[w.TypeIndex].Slots)))
            .ToList();

    /// <summary>The billing rule: every started hour of every worker at its type's price.</summary>
    public static decimal NodeCost(Node node, decimal pricePerHour, DateTimeOffset now) =>
        node.StartedAt is { } started
            ? Billing.Units(((node.TerminatedAt ?? now) - started).TotalSeconds, HourSeconds) * pricePerHour
            : 0;

    public static decimal Spent(FarmFile farm, IReadOnlyDictionary<int, Node> nodes, DateTimeOffset now) =>
        farm.Workers.Where(w => nodes.ContainsKey(w.NodeId)).Sum(w => NodeCost(nodes[w.NodeId], farm.Types[w.TypeIndex].PricePerHour, now));

    /// <summary>Paid time left on each live worker: a schedule adopts those first.</summary>
    public static List<ExistingMachine> Existing(FarmFile farm, IReadOnlyDictionary<int, Node> nodes, DateTimeOffset now) =>
        farm.Workers.Where(w => !w.Gone && nodes.TryGetValue(w.NodeId, out var n) && n.StartedAt is not null)
            .Select(w =>
            {
                var started = nodes[w.NodeId].StartedAt!.Value;
                var elapsed = (now - started).TotalSeconds;
                return new ExistingMachine(w.TypeIndex, Billing.UnitEnd(0, elapsed, HourSeconds) - elapsed);
            }).ToList();

    public static ScheduleFront Front(FarmFile farm, RuntimeModel model, double remaining, IReadOnlyList<ExistingMachine> existing) =>
        ScheduleFront.Build(new ScheduleEstimator(FarmTypes.Machines(farm.Types), model, Math.Max(1, remaining), existing));

    public static TaskFarmScheduleDto ToDto(Schedule s, int index) =>
        new(index, s.Machines.ToList(), s.ExpectedMakespan, s.UpperMakespan, s.ExpectedCost, s.UpperCost, s.Marks.ToString());

    public static int Remaining(FarmFile farm) => farm.TaskStates.Count(s => s is FarmTaskState.Pending or FarmTaskState.Assigned);
}
