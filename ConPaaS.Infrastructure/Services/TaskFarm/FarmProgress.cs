using ConPaaS.Domain.Contracts;
using ConPaaS.Domain.Nodes;
using ConPaaS.Domain.TaskFarm;

namespace ConPaaS.Infrastructure.Services.TaskFarm;

/// <summary>The progress shown to the user, from the farm's files and its workers' node records.</summary>
public static class FarmProgress
{
    public const int FailedShown = 50;

    public static TaskFarmProgressDto Build(FarmFile farm, IReadOnlyDictionary<int, Node> nodes, IReadOnlyDictionary<int, FarmResult> results, DateTimeOffset now)
    {
        if (farm.Demo)
            return Demo(farm, now);
        int sampleTarget = farm.SamplePlan.Sum(p => p.Count);
        var workers = farm.Workers.Where(w => nodes.ContainsKey(w.NodeId)).Select(w =>
        {
            var node = nodes[w.NodeId];
            return new TaskFarmWorkerDto(node.Id, farm.Types[w.TypeIndex].Name, node.State.ToString(), w.Done, w.Outstanding.Count,
                node.StartedAt, node.TerminatedAt, FarmMath.NodeCost(node, farm.Types[w.TypeIndex].PricePerHour, now));
        }).ToList();
        var failed = results.Values.Where(r => r.ExitCode != 0).OrderBy(r => r.Task).Take(FailedShown)
            .Select(r => new TaskFarmFailedTaskDto(r.Task, 0, "", r.ExitCode, r.TimedOut, r.Stdout, r.Stderr)).ToList();
        var (secondsLeft, costLeft) = Forecast(farm, nodes, now);
        return new TaskFarmProgressDto(farm.Phase, false, farm.Message, farm.TaskCount, farm.SampleSize,
            farm.Samples.Count, sampleTarget,
            farm.TaskStates.Count(s => s is FarmTaskState.Succeeded or FarmTaskState.Failed),
            farm.TaskStates.Count(s => s == FarmTaskState.Failed),
            farm.Workers.Sum(w => w.Outstanding.Count),
            workers.Sum(w => w.Cost), secondsLeft, costLeft, farm.Budget, workers, failed, farm.PhaseStartedAt,
            farm.ControlBudget is { } limit && farm.Budget is { } budget ? limit - budget : null);
    }

    /// <summary>Time and money left on the workers now alive, from the sampled runtimes.</summary>
    private static (double?, decimal?) Forecast(FarmFile farm, IReadOnlyDictionary<int, Node> nodes, DateTimeOffset now)
    {
        if (farm.Phase != FarmPhase.Executing || farm.Samples.Count == 0)
            return (null, null);
        var alive = new int[farm.Types.Count];
        foreach (var w in farm.Workers.Where(w => !w.Gone))
            alive[w.TypeIndex]++;
        if (alive.Sum() == 0)
            return (null, null);
        try
        {
            var estimator = new ScheduleEstimator(FarmTypes.Machines(farm.Types), FarmMath.Model(farm), FarmMath.Remaining(farm), FarmMath.Existing(farm, nodes, now));
            var schedule = estimator.Evaluate(alive.Select((a, i) => Math.Min(a, farm.Types[i].MaxMachines)).ToList());
            return (schedule.ExpectedMakespan, schedule.ExpectedCost);
        }
        catch (ArgumentException)
        {
            return (null, null);
        }
    }

    private static TaskFarmProgressDto Demo(FarmFile farm, DateTimeOffset now)
    {
        var step = DemoView.Current(farm, now);
        int done = step?.TasksDone ?? 0;
        return new TaskFarmProgressDto(farm.Phase, true, step?.Message ?? farm.Message, farm.TaskCount, farm.SampleSize,
            farm.Phase == FarmPhase.Sampling ? done : farm.SampleSize, farm.SampleSize,
            farm.Phase == FarmPhase.Sampling ? 0 : done, 0, 0, step?.MoneySpent ?? 0, null, null, farm.Budget, [], [], farm.PhaseStartedAt);
    }
}
