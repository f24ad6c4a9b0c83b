using ConPaaS.Domain.TaskFarm;

namespace ConPaaS.Domain.Tests.TaskFarm;

public class SampleSizeTests
{
    [Theory]
    [InlineData(1000, 30)]
    [InlineData(100, 24)]
    public void Follows_the_rule_with_finite_population_correction(int tasks, int expected) =>
        Assert.Equal(expected, SampleSize.For(tasks));

    [Fact]
    public void Grows_with_the_bag_towards_the_infinite_population_size()
    {
        // Without the correction n = z²/(2Δ²) = 30.73…, so 31 is the ceiling for very large bags.
        Assert.True(SampleSize.For(100) < SampleSize.For(1000));
        Assert.Equal(31, SampleSize.For(100_000));
    }

    [Fact]
    public void A_bag_large_enough_is_sampled()
    {
        var decision = SampleSize.Decide(1000, 3);

        Assert.False(decision.RunDirectly);
        Assert.Equal(30, decision.SampleSize);
        Assert.Null(decision.Message);
    }

    [Theory]
    [InlineData(100, 3)] // 24 × 3 = 72 > 50
    [InlineData(40, 2)] // 18 × 2 = 36 > 20
    [InlineData(5, 1)] // n = 5 < 7
    public void A_bag_too_small_to_sample_is_offered_to_run_directly(int tasks, int types)
    {
        var decision = SampleSize.Decide(tasks, types);

        Assert.True(decision.RunDirectly);
        Assert.Contains("Run it directly", decision.Message);
        Assert.Contains(tasks.ToString(), decision.Message);
    }

    [Fact]
    public void A_hundred_tasks_on_two_types_is_just_large_enough()
    {
        Assert.False(SampleSize.Decide(100, 2).RunDirectly); // 24 × 2 = 48 ≤ 50
    }
}
