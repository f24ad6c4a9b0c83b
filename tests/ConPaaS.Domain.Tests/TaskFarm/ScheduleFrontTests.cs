using ConPaaS.Domain.Errors;
using ConPaaS.Domain.TaskFarm;

namespace ConPaaS.Domain.Tests.TaskFarm;

public class ScheduleFrontTests
{
    // A (slow, cheap), B (3× faster, 4× the price), C (2× faster, same price as A): the paper's types, fewer machines.
    private static readonly MachineType[] Types =
    [
        MachineType.Hourly("A", 3m, 4), MachineType.Hourly("B", 12m, 4), MachineType.Hourly("C", 3m, 4),
    ];

    internal static RuntimeModel Model(params double[] speeds)
    {
        var random = new Random(3);
        var observations = new List<SampleObservation>();
        for (int task = 0; task < 30; task++)
        {
            double b = 900 + 134 * MathNet.Numerics.Distributions.Normal.Sample(random, 0, 1);
            for (int type = 0; type < speeds.Length; type++)
                observations.Add(new SampleObservation(task, type, b / speeds[type]));
        }
        return RuntimeEstimator.Estimate(speeds.Length, observations);
    }

    private static ScheduleEstimator Estimator(ScheduleOptions? options = null) => new(Types, Model(1, 3, 2), 100, options: options);

    private static List<Schedule> AllConfigurations(ScheduleEstimator estimator)
    {
        var all = new List<Schedule>();
        for (int a = 0; a <= 4; a++)
            for (int b = 0; b <= 4; b++)
                for (int c = 0; c <= 4; c++)
                    if (a + b + c > 0)
                        all.Add(estimator.Evaluate([a, b, c]));
        return all;
    }

    [Fact]
    public void No_point_of_the_front_is_dominated_by_any_configuration()
    {
        var estimator = Estimator();
        var front = ScheduleFront.Build(estimator);
        var all = AllConfigurations(estimator);

        Assert.True(front.Enumerated);
        foreach (var p in front.Points)
            Assert.DoesNotContain(all, s =>
                s.ExpectedCost <= p.ExpectedCost && s.ExpectedMakespan < p.ExpectedMakespan - 1 ||
                s.ExpectedCost < p.ExpectedCost && s.ExpectedMakespan <= p.ExpectedMakespan - 1);
        // Along the front, dearer means faster.
        for (int i = 1; i < front.Points.Count; i++)
        {
            Assert.True(front.Points[i].ExpectedCost > front.Points[i - 1].ExpectedCost);
            Assert.True(front.Points[i].ExpectedMakespan < front.Points[i - 1].ExpectedMakespan);
        }
    }

    [Fact]
    public void Cheapest_and_fastest_marks_match_brute_force()
    {
        var estimator = Estimator();
        var front = ScheduleFront.Build(estimator);
        var all = AllConfigurations(estimator);

        decimal cheapestCost = all.Min(s => s.ExpectedCost);
        double fastestTime = all.Min(s => Math.Round(s.ExpectedMakespan));
        Assert.Equal(cheapestCost, front[ScheduleMarks.Cheapest].ExpectedCost);
        Assert.Equal(fastestTime, Math.Round(front[ScheduleMarks.Fastest].ExpectedMakespan));
        // The cheapest is also the fastest of the cheapest; the fastest is also the cheapest of the fastest.
        Assert.Equal(all.Where(s => s.ExpectedCost == cheapestCost).Min(s => Math.Round(s.ExpectedMakespan)), Math.Round(front.Cheapest.ExpectedMakespan));
        Assert.Equal(all.Where(s => Math.Round(s.ExpectedMakespan) == fastestTime).Min(s => s.ExpectedCost), front.Fastest.ExpectedCost);

        foreach (var (mark, budget) in new[]
        {
            (ScheduleMarks.CheapestPlus10, cheapestCost * 1.1m), (ScheduleMarks.CheapestPlus20, cheapestCost * 1.2m),
            (ScheduleMarks.FastestMinus10, front.Fastest.ExpectedCost * 0.9m), (ScheduleMarks.FastestMinus20, front.Fastest.ExpectedCost * 0.8m),
        })
        {
            var affordable = all.Where(s => s.ExpectedCost <= budget).ToList();
            double best = affordable.Count > 0 ? affordable.Min(s => Math.Round(s.ExpectedMakespan)) : Math.Round(front.Cheapest.ExpectedMakespan);
            Assert.Equal(best, Math.Round(front[mark].ExpectedMakespan));
        }
    }

    [Fact]
    public void Cost_is_billed_per_started_unit_and_makespan_is_n_over_throughput_plus_a_tail()
    {
        var estimator = new ScheduleEstimator(Types, Model(1, 3, 2), 100, options: new ScheduleOptions { TailFactor = 0 });
        var s = estimator.Evaluate([2, 0, 1]);

        double mu = estimator.MeanOf(0);
        Assert.Equal(2 / mu + 1 / estimator.MeanOf(2), s.Throughput, 1e-12);
        Assert.Equal(100 / s.Throughput, s.ExpectedMakespan, 1e-6);
        Assert.Equal(3 * 6 * 3m, estimator.Cost([2, 0, 1], 5.5 * 3600));
        Assert.Equal(3 * 7 * 3m, estimator.Cost([2, 0, 1], 6 * 3600 + 1));
        Assert.Equal(s.UpperCost, estimator.Cost([2, 0, 1], s.UpperMakespan));
        Assert.True(s.UpperMakespan > s.ExpectedMakespan);
        Assert.True(Estimator().Evaluate([2, 0, 1]).ExpectedMakespan > s.ExpectedMakespan, "the tail adds time");

        // As many tasks as take five and a half hours: far from a unit's end, the mean cost is that of six units.
        var midUnit = new ScheduleEstimator(Types, Model(1, 3, 2), s.Throughput * 5.5 * 3600, options: new ScheduleOptions { TailFactor = 0 });
        var m = midUnit.Evaluate([2, 0, 1]);
        Assert.Equal(5.5 * 3600, m.ExpectedMakespan, 1e-6);
        Assert.Equal(3 * 6 * 3.0, (double)m.ExpectedCost, 0.1);
    }

    [Fact]
    public void A_run_expected_to_end_just_inside_a_billing_unit_is_expected_to_pay_part_of_the_next()
    {
        var estimator = new ScheduleEstimator(Types, Model(1, 3, 2), 100, options: new ScheduleOptions { TailFactor = 0 });
        double inside = 7000, sd = 300;

        decimal mean = estimator.MeanCost([1, 0, 0], inside, sd);

        // Two units at the expected makespan; a third with P(M > 7200) = P(Z > 2/3) ≈ 0.25.
        Assert.Equal(6m, estimator.Cost([1, 0, 0], inside));
        Assert.Equal(6 + 3 * (1 - MathNet.Numerics.Distributions.Normal.CDF(0, 1, 200.0 / 300)), (double)mean, 0.01);
        Assert.Equal(6m, estimator.MeanCost([1, 0, 0], 5400, sd));
        Assert.Equal(estimator.Cost([4, 4, 4], inside), estimator.MeanCost([4, 4, 4], inside, 0));
    }

    [Fact]
    public void Upper_bound_follows_the_stated_formula()
    {
        var model = Model(1, 3, 2);
        var estimator = new ScheduleEstimator(Types, model, 500, options: new ScheduleOptions { TailFactor = 0, Confidence = 0.9 });
        int[] a = [3, 1, 2];
        var s = estimator.Evaluate(a);

        double gammaMax = 0, sumAT = 0, sumAV = 0;
        for (int i = 0; i < 3; i++)
        {
            var t = model.Types[i];
            int n = t.SampleCount;
            double tMax = t.Mean + MathNet.Numerics.Distributions.StudentT.InvCDF(0, 1, n - 1, 0.95) * t.StdDev / Math.Sqrt(n);
            double sMax = t.StdDev * Math.Sqrt((n - 1) / MathNet.Numerics.Distributions.ChiSquared.InvCDF(n - 1, 0.05));
            gammaMax += a[i] / tMax;
            sumAT += a[i] * tMax;
            sumAV += a[i] * sMax * sMax / tMax;
        }
        double mix = sumAT / gammaMax + sumAV / gammaMax - 36 / (gammaMax * gammaMax);
        double expected = 500 / gammaMax + 1.6448536269514722 * Math.Sqrt(500) * Math.Sqrt(mix) / 6;
        Assert.Equal(expected, s.UpperMakespan, 1e-6);
    }

    [Fact]
    public void A_typed_budget_gets_the_fastest_schedule_whose_upper_bound_it_pays_for()
    {
        var front = ScheduleFront.Build(Estimator());
        // A budget of exactly some point's expected cost, where that point may cost more and a slower one may not.
        var tempting = front.Points.First(p => p.UpperCost > p.ExpectedCost && front.Points.Any(q => q.UpperCost <= p.ExpectedCost));
        var budget = tempting.ExpectedCost;

        var chosen = front.FastestWithin(budget);

        Assert.True(chosen.UpperCost <= budget);
        Assert.True(chosen.ExpectedMakespan > tempting.ExpectedMakespan);
        Assert.All(front.Points.Where(p => p.UpperCost <= budget), p => Assert.True(p.ExpectedMakespan >= chosen.ExpectedMakespan));
    }

    [Fact]
    public void A_budget_below_every_upper_bound_gets_the_fastest_schedule_expected_to_fit()
    {
        var front = ScheduleFront.Build(Estimator());
        Assert.True(front.Cheapest.UpperCost > front.Cheapest.ExpectedCost, "the test needs a front whose upper costs exceed the expected ones");
        var budget = front.Points.Min(p => p.UpperCost) - 0.01m;

        var chosen = front.FastestWithin(budget);

        Assert.True(chosen.ExpectedCost <= budget);
        Assert.All(front.Points.Where(p => p.ExpectedCost <= budget), p => Assert.True(p.ExpectedMakespan >= chosen.ExpectedMakespan));
    }

    [Fact]
    public void A_budget_below_the_cheapest_schedule_is_refused_with_what_the_cheapest_costs()
    {
        var front = ScheduleFront.Build(Estimator());

        var ex = Assert.Throws<InvalidInputException>(() => front.FastestWithin(front.Cheapest.ExpectedCost - 0.01m));

        Assert.Equal("budget", ex.Field);
        Assert.Contains($"costs {front.Cheapest.ExpectedCost:0.00}", ex.Message);
        Assert.Contains($"{front.Cheapest.UpperCost:0.00} keeps it within its upper bound", ex.Message);
    }

    [Fact]
    public void The_knapsack_search_finds_the_same_extremes_as_enumeration()
    {
        var enumerated = ScheduleFront.Build(Estimator());
        var searched = ScheduleFront.Build(Estimator(new ScheduleOptions { EnumerationLimit = 0 }));

        Assert.False(searched.Enumerated);
        Assert.Equal(enumerated.Cheapest.ExpectedCost, searched.Cheapest.ExpectedCost);
        Assert.Equal(Math.Round(enumerated.Fastest.ExpectedMakespan), Math.Round(searched.Fastest.ExpectedMakespan));
    }
}

public class PlanningScale
{
    // How long planning takes is a benchmark's business (benchmarks/taskfarm); here only what it finds.
    [Fact]
    public void Planning_three_types_of_24_machines_finds_all_machines_fastest()
    {
        MachineType[] types = [MachineType.Hourly("A", 3m, 24), MachineType.Hourly("B", 12m, 24), MachineType.Hourly("C", 3m, 24)];
        var estimator = new ScheduleEstimator(types, ScheduleFrontTests.Model(1, 3, 2), 1000);
        var front = ScheduleFront.Build(estimator);
        Assert.Equal([24, 24, 24], front.Fastest.Machines);
    }
}
