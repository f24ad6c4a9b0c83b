using ConPaaS.Domain.TaskFarm;
using ConPaaS.Domain.TaskFarm.Simulation;

namespace ConPaaS.Domain.Tests.TaskFarm;

public class SimulationTests
{
    private static readonly IReadOnlyList<SimulatedType> Types = SimulatedType.PaperTypes();
    private const int Seeds = 5;

    public static TheoryData<WorkloadKind> Workloads => new(Enum.GetValues<WorkloadKind>());

    [Theory]
    [MemberData(nameof(Workloads))]
    public void A_safe_budget_is_never_exceeded_and_the_upper_bound_covers_at_least_its_confidence(WorkloadKind kind)
    {
        var options = SimulationOptions.Default with { Pick = ScheduleMarks.CheapestPlus20, BudgetAtUpperBound = true };
        var runs = Enumerable.Range(1, Seeds).Select(seed => FarmSimulator.Run(Workload.Generate(kind, 1000, seed), Types, seed, options)).ToList();

        Assert.All(runs, r => Assert.True(r.Completed, "unfinished"));
        Assert.All(runs, r => Assert.True(r.Cost <= r.Budget, $"cost {r.Cost} over budget {r.Budget}"));
        double covered = runs.Count(r => r.WithinUpperBound == true) / (double)runs.Count;
        Assert.True(covered >= options.Schedule.Confidence, $"upper bound covered {covered:P0} of runs");
        Assert.All(runs, r => Assert.True(Math.Abs(r.EstimateError!.Value) < 0.25, $"estimate off by {r.EstimateError:P1}"));
    }

    [Theory]
    [MemberData(nameof(Workloads))]
    public void Even_a_budget_of_only_the_expected_cost_is_never_exceeded(WorkloadKind kind)
    {
        var options = SimulationOptions.Default with { Pick = ScheduleMarks.CheapestPlus10 };
        for (int seed = 1; seed <= Seeds; seed++)
        {
            var r = FarmSimulator.Run(Workload.Generate(kind, 1000, seed), Types, seed, options);
            Assert.True(r.Cost <= r.Budget, $"seed {seed}: cost {r.Cost} over budget {r.Budget}");
        }
    }

    [Fact]
    public void The_controller_only_ever_stops_machines_at_the_end_of_a_paid_unit()
    {
        var stops = new List<(FarmSnapshot Snapshot, StopMachine Stop)>();
        var options = SimulationOptions.Default with
        {
            Pick = ScheduleMarks.CheapestPlus20,
            OnTick = (s, r) => stops.AddRange(r.Decisions.OfType<StopMachine>().Select(d => (s, d))),
        };
        for (int seed = 1; seed <= Seeds; seed++)
            FarmSimulator.Run(Workload.Generate(WorkloadKind.LevyTruncated, 1000, seed), Types, seed, options);

        Assert.NotEmpty(stops);
        double margin = options.Controller.StopMarginSeconds;
        foreach (var (snapshot, stop) in stops)
        {
            var m = snapshot.Machines.Single(x => x.Id == stop.MachineId);
            double unitEnd = Billing.UnitEnd(m.StartedAt, snapshot.Now, 3600);
            // At the unit end less the termination margin, or at once when already inside that margin.
            Assert.True(Math.Abs(stop.At - (unitEnd - margin)) < 1e-6 || (stop.At == snapshot.Now && unitEnd - snapshot.Now <= margin),
                $"{m.Id} stopped at {stop.At} in a unit ending at {unitEnd}");
        }
    }

    [Fact]
    public void Tail_replication_copies_tasks_whose_first_copy_wins_and_shortens_heavy_tailed_runs()
    {
        var with = new List<SimulationResult>();
        var without = new List<SimulationResult>();
        var noReplication = SimulationOptions.Default with { Controller = ControllerOptions.Default with { Replicate = false } };
        for (int seed = 1; seed <= Seeds; seed++)
        {
            var bag = Workload.Generate(WorkloadKind.LevyTruncated, 1000, seed);
            with.Add(FarmSimulator.Run(bag, Types, seed));
            without.Add(FarmSimulator.Run(bag, Types, seed, noReplication));
        }

        Assert.All(with, r => Assert.True(r.Replicas > 0));
        Assert.True(with.Sum(r => r.ReplicasWon) > 0);
        Assert.All(without, r => Assert.Equal(0, r.Replicas));
        Assert.True(with.Average(r => r.ExecutionSeconds) < without.Average(r => r.ExecutionSeconds));
    }

    [Fact]
    public void A_copy_queued_on_a_busy_machine_runs_there_next_as_a_replica()
    {
        var queued = new HashSet<(string Machine, int Task)>();
        var ran = new HashSet<(string Machine, int Task)>();
        var options = SimulationOptions.Default with
        {
            OnTick = (snapshot, result) =>
            {
                foreach (var m in snapshot.Machines.Where(m => m.Running is { IsReplica: true }))
                    ran.Add((m.Id, m.Running!.TaskIndex));
                foreach (var copy in result.Decisions.OfType<ReplicateTask>())
                    if (snapshot.Machines.First(m => m.Id == copy.MachineId).Running is not null)
                        queued.Add((copy.MachineId, copy.TaskIndex));
            },
        };
        for (int seed = 1; seed <= Seeds; seed++)
            FarmSimulator.Run(Workload.Generate(WorkloadKind.Multimodal, 1000, seed), Types, seed, options);

        Assert.NotEmpty(queued);
        Assert.Contains(queued, ran.Contains);
    }

    [Fact]
    public void The_first_estimate_of_a_heavy_tailed_bag_learns_from_every_run_of_the_sampling_phase_without_bias()
    {
        int distinctSampled = SampleSize.CommonTasks + Types.Count * (SampleSize.For(1000) - SampleSize.CommonTasks);
        var meanErrors = new List<double>();
        var estimateErrors = new List<double>();
        for (int seed = 201; seed <= 220; seed++)
        {
            var bag = Workload.Generate(WorkloadKind.LevyTruncated, 1000, seed);
            var r = FarmSimulator.Run(bag, Types, seed);

            // Sampling machines use up their paid hour on other tasks; those runs count, finished or not.
            Assert.True(r.Model!.ObservationCount > distinctSampled + 50, $"seed {seed}: {r.Model.ObservationCount} runs");
            meanErrors.Add(r.Model.BaseMean / bag.Average() - 1);
            estimateErrors.Add(Math.Abs(r.EstimateError!.Value));
        }

        // Finished runs alone would be the short ones; counting the unfinished ones keeps the mean unbiased.
        Assert.InRange(meanErrors.Average(), -0.02, 0.02);
        Assert.True(estimateErrors.Order().ElementAt(estimateErrors.Count / 2) <= 0.05, $"median |estimate error| {estimateErrors.Order().ElementAt(estimateErrors.Count / 2):P1}");
    }

    [Fact]
    public void The_fastest_schedule_runs_close_to_its_lower_bound()
    {
        for (int seed = 1; seed <= Seeds; seed++)
        {
            var r = FarmSimulator.Run(Workload.Generate(WorkloadKind.Normal, 1000, seed), Types, seed);
            Assert.True(r.Completed);
            Assert.Equal([24, 24, 24], r.Chosen!.Machines);
            Assert.InRange(r.OverLowerBound, 1.0, 1.15);
        }
    }

    [Theory]
    [InlineData(WorkloadKind.Normal, 900, 134)]
    [InlineData(WorkloadKind.LevyTruncated, 887, 668)]
    [InlineData(WorkloadKind.Multimodal, 477, 383)]
    public void Workloads_have_the_papers_mean_and_deviation(WorkloadKind kind, double mean, double sd)
    {
        var times = Workload.Generate(kind, 50_000, 11);
        double m = times.Average();
        double s = Math.Sqrt(times.Sum(t => (t - m) * (t - m)) / (times.Length - 1));

        Assert.Equal(mean, m, mean * 0.03);
        Assert.Equal(sd, s, sd * 0.05);
        Assert.Equal(times, Workload.Generate(kind, 50_000, 11));
    }
}
