using ConPaaS.Domain.Contracts;
using ConPaaS.Infrastructure.Services.TaskFarm;

namespace ConPaaS.Infrastructure.Tests.TaskFarm;

/// <summary>The first estimate from a farm's files: what sampling measured, and what it cut off.</summary>
public class FarmMathTests
{
    private static readonly DateTimeOffset End = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static FarmFile Sampled()
    {
        var farm = new FarmFile
        {
            Phase = FarmPhase.Sampling,
            TaskCount = 100,
            Types = [new TaskFarmTypeDto("small", 0.05m, 1, 4), new TaskFarmTypeDto("large", 0.2m, 4, 4)],
        };
        // Twenty tasks of 8-12 s (mean 10) measured on both types; a large node runs 4 at once, so in
        // node-seconds a task there takes a quarter.
        for (int t = 0; t < 20; t++)
        {
            farm.Samples.Add(new FarmSample(t, 0, 8 + t % 5));
            farm.Samples.Add(new FarmSample(t, 1, (8 + t % 5) / 4.0));
        }
        return farm;
    }

    [Fact]
    public void Tasks_running_when_sampling_ends_are_recorded_in_node_seconds_once_per_type()
    {
        var farm = Sampled();
        var small = new FarmWorker { NodeId = 1, TypeIndex = 0 };
        small.RunningSince[50] = End.AddSeconds(-30);
        var large = new FarmWorker { NodeId = 2, TypeIndex = 1 };
        large.RunningSince[51] = End.AddSeconds(-40);
        large.RunningSince[3] = End.AddSeconds(-2); // a sampled task run again (a copy): already measured
        farm.Workers.AddRange([small, large]);

        var cutOff = FarmMath.RunningAt(farm, End);

        Assert.Equal([new FarmSample(50, 0, 30), new FarmSample(51, 1, 10)], cutOff.OrderBy(c => c.Task));
    }

    [Fact]
    public void Long_runs_cut_off_by_the_end_of_sampling_raise_the_estimated_mean()
    {
        var farm = Sampled();
        double finishedOnly = FarmMath.Model(farm).Types[0].Mean;
        // Five tasks had run three times as long as any finished one and were still going.
        farm.CutOff = Enumerable.Range(40, 5).Select(t => new FarmSample(t, 0, 30)).ToList();

        double withCutOff = FarmMath.Model(farm).Types[0].Mean;

        Assert.Equal(10, finishedOnly, 3);
        Assert.True(withCutOff > 13, $"mean with the cut-off runs {withCutOff} s, without {finishedOnly} s");
    }
}
