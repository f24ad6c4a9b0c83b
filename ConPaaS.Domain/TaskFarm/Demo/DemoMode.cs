namespace ConPaaS.Domain.TaskFarm.Demo;

/// <summary>
/// Demo mode (TASKFARM.md §4): shows the whole interaction — sampling, the schedules offered, execution,
/// money — without starting a machine. Runtimes are invented (about 15 minutes a task on the first type,
/// each further type half again as fast), so the figures are illustrative, not a forecast.
/// </summary>
public static class DemoMode
{
    /// <summary>Sampling is shown as this share of the progress bar.</summary>
    public const double SamplingShare = 0.2;

    public static DemoRun Create(int taskCount, IReadOnlyList<MachineType> types, ScheduleMarks pick = ScheduleMarks.Fastest, int steps = 50, int seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 10);
        var decision = SampleSize.Decide(taskCount, types.Count);
        int perType = decision.RunDirectly ? Math.Min(SampleSize.Minimum, taskCount) : decision.SampleSize;
        int sampled = Math.Min(taskCount, SampleSize.CommonTasks + (perType - SampleSize.CommonTasks) * types.Count);

        var model = InventedModel(types.Count, perType, seed);
        var estimator = new ScheduleEstimator(types, model, taskCount - sampled);
        var front = ScheduleFront.Build(estimator);
        var chosen = front[pick];

        // Sampling: one machine per type for about two mean task times on the slowest type.
        double samplingSeconds = 2 * model.Types.Max(t => t.Mean);
        decimal samplingMoney = types.Sum(t => t.CostFor(samplingSeconds));
        int samplingSteps = Math.Max(1, (int)Math.Round(steps * SamplingShare));
        var frames = new List<DemoStep>();
        for (int s = 1; s <= samplingSteps; s++)
        {
            double f = s / (double)samplingSteps;
            frames.Add(new DemoStep(frames.Count + 1, DemoPhase.Sampling, SamplingShare * f, samplingSeconds * f,
                (int)(sampled * f), taskCount, types.Sum(t => t.CostFor(samplingSeconds * f)),
                $"Sampling: measuring {perType} tasks on each of {types.Count} machine types."));
        }

        int executionSteps = steps - samplingSteps;
        for (int s = 1; s <= executionSteps; s++)
        {
            double f = s / (double)executionSteps;
            double elapsed = chosen.ExpectedMakespan * f;
            decimal money = samplingMoney + estimator.Cost(chosen.Machines, elapsed);
            bool last = s == executionSteps;
            frames.Add(new DemoStep(frames.Count + 1, last ? DemoPhase.Done : DemoPhase.Execution,
                SamplingShare + (1 - SamplingShare) * f, samplingSeconds + elapsed,
                sampled + (int)Math.Round((taskCount - sampled) * f), taskCount, money,
                last ? "Done: every task has finished." : $"Executing on {chosen.MachineCount} machines."));
        }
        return new DemoRun(front, chosen, frames);
    }

    private static RuntimeModel InventedModel(int typeCount, int perType, int seed)
    {
        var random = new Random(seed);
        var observations = new List<SampleObservation>();
        int task = 0;
        for (int i = 0; i < perType; i++, task++)
        {
            double baseTime = MathNet.Numerics.Distributions.Normal.Sample(random, 900, 134);
            for (int type = 0; type < typeCount; type++)
                observations.Add(new SampleObservation(task, type, baseTime / (1 + 0.5 * type)));
        }
        return RuntimeEstimator.Estimate(typeCount, observations);
    }
}
