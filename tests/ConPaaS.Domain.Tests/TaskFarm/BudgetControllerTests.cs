using ConPaaS.Domain.TaskFarm;

namespace ConPaaS.Domain.Tests.TaskFarm;

public class BudgetControllerTests
{
    private static readonly MachineType[] Types =
    [
        MachineType.Hourly("A", 3m, 10), MachineType.Hourly("B", 12m, 10),
    ];

    private static readonly ControllerOptions Options = new() { IntervalSeconds = 60, StopMarginSeconds = 30 };

    // A task takes about 900 s on A and 300 s on B.
    private static readonly RuntimeModel Model = ScheduleFrontTests.Model(1, 3);

    private static BudgetController Controller(int[] machines, decimal budget, double makespan = 3000)
    {
        var schedule = new Schedule(machines, 0, makespan, makespan * 1.2, budget, budget);
        return new BudgetController(new ExecutionPlan(Types, Model, schedule, 0, budget), Options);
    }

    [Fact]
    public void Stops_a_machine_at_the_end_of_its_paid_unit_when_the_money_for_another_is_not_there()
    {
        // Two A machines, 3590 s into their first hour, plenty of work left, and a budget of exactly two units.
        var snapshot = new FarmSnapshot(3550, 100,
        [
            new FarmMachine("a1", 0, 0, Running: new RunningTask(1, 3000)),
            new FarmMachine("a2", 0, 0, Running: new RunningTask(2, 3100)),
        ]);

        var result = Controller([2, 0], 6m).Decide(snapshot);

        var stops = result.Decisions.OfType<StopMachine>().ToList();
        Assert.Equal(2, stops.Count);
        Assert.All(stops, s => Assert.Equal(3600 - 30, s.At));
        Assert.Equal(6m, result.Committed);
    }

    [Fact]
    public void Renews_only_as_many_units_as_the_budget_pays_for()
    {
        var snapshot = new FarmSnapshot(3550, 100,
        [
            new FarmMachine("a1", 0, 0, Running: new RunningTask(1, 3000)),
            new FarmMachine("a2", 0, 10, Running: new RunningTask(2, 3100)),
        ]);

        var result = Controller([2, 0], 9m, makespan: 20_000).Decide(snapshot);

        // 6 committed, 3 left: one machine may go on, the other stops at the end of its unit.
        var stop = Assert.Single(result.Decisions.OfType<StopMachine>());
        Assert.Equal("a2", stop.MachineId);
        Assert.Equal(3610 - 30, stop.At);
    }

    [Fact]
    public void Never_stops_a_machine_in_the_middle_of_its_paid_unit()
    {
        // Far over budget, yet the machines are early in their unit: stops land at the unit ends.
        var snapshot = new FarmSnapshot(600, 500,
        [
            new FarmMachine("a1", 0, 0, Running: new RunningTask(1, 500)),
            new FarmMachine("a2", 0, 100, Running: new RunningTask(2, 500)),
            new FarmMachine("a3", 0, 200, Running: new RunningTask(3, 500)),
        ]);

        var result = Controller([3, 0], 12m).Decide(snapshot);

        var stops = result.Decisions.OfType<StopMachine>().ToList();
        Assert.NotEmpty(stops);
        var starts = snapshot.Machines.ToDictionary(m => m.Id, m => m.StartedAt);
        Assert.All(stops, s => Assert.Equal(starts[s.MachineId] + 3600 - 30, s.At));
        // The youngest goes first.
        Assert.Equal("a3", stops[0].MachineId);
    }

    [Fact]
    public void Grows_when_behind_plan_and_the_budget_allows()
    {
        var snapshot = new FarmSnapshot(600, 200, [new FarmMachine("a1", 0, 0, Running: new RunningTask(1, 500))]);

        var result = Controller([1, 0], 1000m, makespan: 7200).Decide(snapshot);

        Assert.NotEmpty(result.Decisions.OfType<StartMachine>());
        Assert.True(result.PredictedCost <= 1000m);
    }

    [Fact]
    public void Grows_first_by_cancelling_planned_stops()
    {
        var snapshot = new FarmSnapshot(600, 40,
        [
            new FarmMachine("a1", 0, 0, Running: new RunningTask(1, 500)),
            new FarmMachine("b1", 1, 0, StopAt: 3570, Running: new RunningTask(2, 500)),
        ]);

        var result = Controller([1, 1], 1000m, makespan: 3000).Decide(snapshot);

        Assert.Contains(new CancelStop("b1"), result.Decisions);
    }

    [Fact]
    public void In_the_tail_an_idle_fast_machine_copies_a_task_running_on_a_slower_type()
    {
        var snapshot = new FarmSnapshot(1000, 0,
        [
            new FarmMachine("a1", 0, 0, Running: new RunningTask(7, 950)),
            new FarmMachine("b1", 1, 0),
        ]);

        var result = Controller([1, 1], 100m).Decide(snapshot);

        Assert.Contains(new ReplicateTask(7, "b1"), result.Decisions);
    }

    [Fact]
    public void A_task_already_copied_to_a_faster_type_is_copied_again_to_the_fastest_when_one_comes_free()
    {
        // A (speed 1), B (speed 3), C (speed 2): task 7 runs on A and, since 990 s, as a copy on C.
        MachineType[] types = [MachineType.Hourly("A", 3m, 10), MachineType.Hourly("B", 12m, 10), MachineType.Hourly("C", 3m, 10)];
        var schedule = new Schedule([1, 1, 1], 0, 3000, 3600, 100m, 100m);
        var controller = new BudgetController(new ExecutionPlan(types, ScheduleFrontTests.Model(1, 3, 2), schedule, 0, 100m), Options);
        var snapshot = new FarmSnapshot(1000, 0,
        [
            new FarmMachine("a1", 0, 0, Running: new RunningTask(7, 950)),
            new FarmMachine("c1", 2, 0, Running: new RunningTask(7, 990, IsReplica: true)),
            new FarmMachine("b1", 1, 0),
        ]);

        var result = controller.Decide(snapshot);

        // About 900 s of base work: A ends near 1850, the C copy near 1440, a B copy near 1300.
        Assert.Contains(new ReplicateTask(7, "b1"), result.Decisions);
    }

    [Fact]
    public void In_the_tail_a_busy_fast_machine_queues_a_copy_of_a_long_task_but_not_twice()
    {
        // a1 has run 300 s of about 900; b1 has just started its last task (about 300 s): copying task 7 after it
        // ends near 1600 where a1 ends near 1600 too and the copy helps when the task runs long.
        var snapshot = new FarmSnapshot(1000, 0,
        [
            new FarmMachine("a1", 0, 0, Running: new RunningTask(7, 700)),
            new FarmMachine("b1", 1, 0, Running: new RunningTask(8, 995)),
        ]);
        var queued = snapshot with { Machines = [snapshot.Machines[0], snapshot.Machines[1] with { QueuedCopy = 7 }] };

        Assert.Contains(new ReplicateTask(7, "b1"), Controller([1, 1], 100m).Decide(snapshot).Decisions);
        Assert.Empty(Controller([1, 1], 100m).Decide(queued).Decisions.OfType<ReplicateTask>());
    }

    [Fact]
    public void Does_not_copy_a_task_to_a_slower_machine_or_one_nearly_done()
    {
        var slowIdle = new FarmSnapshot(1000, 0,
        [
            new FarmMachine("b1", 1, 0, Running: new RunningTask(7, 950)),
            new FarmMachine("a1", 0, 0),
        ]);
        var nearlyDone = new FarmSnapshot(1000, 0,
        [
            new FarmMachine("a1", 0, 0, Running: new RunningTask(7, 50)), // 950 s in: a few seconds left
            new FarmMachine("b1", 1, 0),
        ]);

        Assert.Empty(Controller([1, 1], 100m).Decide(slowIdle).Decisions.OfType<ReplicateTask>());
        Assert.Empty(Controller([1, 1], 100m).Decide(nearlyDone).Decisions.OfType<ReplicateTask>());
    }

    [Fact]
    public void Counts_running_tasks_by_their_expected_total_time()
    {
        // Nothing finished yet, but a task has run 2000 s on A: the mean must rise above the sampled one.
        var snapshot = new FarmSnapshot(2000, 10, [new FarmMachine("a1", 0, 0, Running: new RunningTask(1, 0))]);

        var means = RuntimeTracker.CurrentMeans(Model, snapshot);

        Assert.True(means[0] > Model.Types[0].Mean);
        Assert.Equal(means[0] / 3, means[1], means[1] * 0.05);
    }
}
