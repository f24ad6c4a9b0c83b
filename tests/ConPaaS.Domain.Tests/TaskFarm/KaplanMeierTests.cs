using ConPaaS.Domain.TaskFarm;

namespace ConPaaS.Domain.Tests.TaskFarm;

public class KaplanMeierTests
{
    [Fact]
    public void Without_unfinished_runs_every_finished_length_is_equally_likely()
    {
        var (lengths, weights) = KaplanMeier.Estimate([300, 100, 200, 400], []);

        Assert.Equal([100, 200, 300, 400], lengths);
        Assert.All(weights, w => Assert.Equal(0.25, w, 1e-12));
    }

    [Fact]
    public void An_unfinished_run_passes_its_share_to_the_longer_finished_ones()
    {
        // 150 ran without finishing: it is one of 200 or 300, so they share its quarter.
        var (lengths, weights) = KaplanMeier.Estimate([100, 200, 300], [150]);

        Assert.Equal([100, 200, 300], lengths);
        Assert.Equal([0.25, 0.375, 0.375], weights, (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Fact]
    public void When_the_longest_run_is_unfinished_it_keeps_the_mass_left()
    {
        var (lengths, weights) = KaplanMeier.Estimate([100, 200], [500]);

        Assert.Equal([100, 200, 500], lengths);
        Assert.Equal(1.0, weights.Sum(), 1e-12);
        Assert.Equal(1.0 / 3, weights[^1], 1e-12);
    }

    [Fact]
    public void Runs_cut_off_at_random_give_back_the_true_mean_where_the_finished_ones_alone_look_short()
    {
        // A sample measured to the end, and more runs cut off at times unrelated to their lengths, as a
        // sampling machine leaves them when its paid hour ends.
        var random = new Random(5);
        double Length() => 100 + 1800 * random.NextDouble();
        var finished = Enumerable.Range(0, 100).Select(_ => Length()).ToList();
        var unfinished = new List<double>();
        for (int i = 0; i < 400; i++)
        {
            double length = Length(), cut = 2500 * random.NextDouble();
            if (length <= cut)
                finished.Add(length);
            else
                unfinished.Add(cut);
        }

        var (lengths, weights) = KaplanMeier.Estimate(finished, unfinished);
        double mean = lengths.Zip(weights, (x, w) => x * w).Sum();

        Assert.Equal(1000, mean, 1000 * 0.05);
        Assert.True(finished.Average() < 0.93 * 1000, $"finished runs alone average {finished.Average():0}");
    }
}
