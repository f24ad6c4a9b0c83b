using ConPaaS.Domain.TaskFarm;
using MathNet.Numerics.Distributions;

namespace ConPaaS.Domain.Tests.TaskFarm;

public class RuntimeEstimatorTests
{
    [Fact]
    public void Recovers_the_linear_relation_between_types_and_maps_mean_and_variance_back()
    {
        // Type 1 runs a task in 30 + 0.5·t_base seconds, type 2 in 2·t_base, each with a little noise.
        var random = new Random(7);
        var baseTimes = Enumerable.Range(0, 200).Select(_ => Normal.Sample(random, 600, 120)).ToArray();
        (double B0, double B1)[] truth = [(0, 1), (30, 0.5), (0, 2)];
        var observations = new List<SampleObservation>();
        // 7 tasks on every type, 30 more of its own per type.
        for (int task = 0; task < 7; task++)
            for (int type = 0; type < 3; type++)
                observations.Add(Observe(task, type));
        for (int type = 0; type < 3; type++)
            for (int task = 7 + type * 30; task < 7 + (type + 1) * 30; task++)
                observations.Add(Observe(task, type));

        var model = RuntimeEstimator.Estimate(3, observations);

        Assert.Equal(30, model.Types[1].Beta0, 20.0);
        Assert.Equal(0.5, model.Types[1].Beta1, 0.05);
        Assert.Equal(2, model.Types[2].Beta1, 0.1);
        var sampled = baseTimes[..97];
        double mean = sampled.Average();
        double sd = Math.Sqrt(sampled.Sum(x => (x - mean) * (x - mean)) / (sampled.Length - 1));
        Assert.Equal(mean, model.BaseMean, mean * 0.03);
        Assert.Equal(sd, model.BaseStdDev, sd * 0.1);
        for (int type = 0; type < 3; type++)
        {
            var t = model.Types[type];
            Assert.Equal(t.Beta0 + t.Beta1 * model.BaseMean, t.Mean, 1e-9);
            Assert.Equal(Math.Abs(t.Beta1) * model.BaseStdDev, t.StdDev, 1e-9);
            Assert.Equal(truth[type].B0 + truth[type].B1 * mean, t.Mean, t.Mean * 0.05);
        }
        Assert.Equal(37, model.Types[1].SampleCount);

        SampleObservation Observe(int task, int type) =>
            new(task, type, truth[type].B0 + truth[type].B1 * baseTimes[task] + Normal.Sample(random, 0, 2));
    }

    [Fact]
    public void Falls_back_to_a_ratio_of_means_when_the_fit_is_degenerate()
    {
        // Every common task took the same time on the base type: no slope can be fitted.
        var observations = new List<SampleObservation>();
        for (int task = 0; task < 7; task++)
        {
            observations.Add(new(task, 0, 100));
            observations.Add(new(task, 1, 50));
        }

        var model = RuntimeEstimator.Estimate(2, observations);

        Assert.Equal(0, model.Types[1].Beta0);
        Assert.Equal(0.5, model.Types[1].Beta1, 1e-9);
        Assert.Equal(50, model.Types[1].Mean, 1e-9);
    }

    [Fact]
    public void Expects_a_task_that_has_run_long_to_take_longer_in_all()
    {
        var observations = new[] { 100.0, 200, 300, 400, 1000 }.Select((t, i) => new SampleObservation(i, 0, t));
        var model = RuntimeEstimator.Estimate(1, observations);

        Assert.Equal(400, model.ExpectedTotal(0, 0), 1e-9);
        Assert.Equal(700, model.ExpectedTotal(0, 350), 1e-9); // mean of 400 and 1000
        Assert.True(model.ExpectedTotal(0, 1500) > 1500);
    }

    [Fact]
    public void Runs_seen_unfinished_count_as_longer_than_they_ran_and_each_task_counts_once()
    {
        // Type 1 is twice as fast. Seven tasks on both relate the types; tasks 7 and 8 ran only on type 1.
        var observations = new List<SampleObservation>();
        for (int task = 0; task < 7; task++)
        {
            observations.Add(new(task, 0, 100 * (task + 1)));
            observations.Add(new(task, 1, 50 * (task + 1)));
        }
        observations.Add(new(7, 1, 100));
        SampleObservation[] unfinished =
        [
            new(7, 0, 50),    // cut off on type 0, finished on type 1: counts as finished (200 base)
            new(8, 1, 300),   // still running on type 1 after 300 s: longer than 600 base
            new(8, 0, 400),   // and cut off earlier on type 0 at 400 base: the longest time counts
        ];

        var plain = RuntimeEstimator.Estimate(2, observations);
        var model = RuntimeEstimator.Estimate(2, observations, unfinished);

        Assert.Equal(0.5, model.Types[1].Beta1, 1e-9);
        Assert.Equal(9, model.ObservationCount);
        Assert.Equal(8, plain.ObservationCount);
        // Kaplan–Meier: 1/9 on each finished length, and the run cut off at 600 passes its share to 700.
        Assert.Equal(1.0, model.BaseWeights.Sum(), 1e-12);
        Assert.True(model.BaseMean > plain.BaseMean, $"{model.BaseMean} vs {plain.BaseMean}");
        Assert.Equal(700, model.BaseSamples[^1]);
        Assert.Equal(2.0 / 9, model.BaseWeights[^1], 1e-12);
        Assert.Equal(700, model.ExpectedBaseGiven(650), 1e-9);
        Assert.Equal(model.Types[1].Beta0 + 0.5 * model.BaseMean, model.Types[1].Mean, 1e-9);
    }
}
