using ConPaaS.Domain.Contracts;
using ConPaaS.Domain.Nodes;
using ConPaaS.Domain.TaskFarm;
using ConPaaS.Infrastructure.Services.TaskFarm;

namespace ConPaaS.Infrastructure.Tests.TaskFarm;

/// <summary>
/// The farm's files as the budget controller sees them, and what it decides from them, on a simulated clock
/// (the engine carries the decisions out on real workers; the end-to-end tests cover that part).
/// </summary>
public class FarmControlTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    // small: 1 slot, a task takes 10-19 s; large: 4 slots, the same tasks take 3x as long per slot, so
    // 4/3 as fast per node (node-seconds per task = runtime / slots).
    private static FarmFile Farm(int tasks, int[] machines, decimal budget)
    {
        var farm = new FarmFile
        {
            Phase = FarmPhase.Executing,
            TaskCount = tasks,
            Types = [new TaskFarmTypeDto("small", 0.05m, 1, 4), new TaskFarmTypeDto("large", 0.2m, 4, 4)],
            TaskStates = new FarmTaskState[tasks],
            TaskNodes = Enumerable.Repeat(-1, tasks).ToArray(),
            PhaseStartedAt = T0,
            Schedules = [new TaskFarmScheduleDto(0, machines, 600, 700, budget, budget, "Fastest")],
            Chosen = 0,
            Budget = budget,
            ControlBudget = budget,
        };
        for (int t = 0; t < 10; t++)
        {
            farm.Samples.Add(new FarmSample(t, 0, 10 + t));
            farm.Samples.Add(new FarmSample(t, 1, 3.0 * (10 + t) / 4));
        }
        return farm;
    }

    private static (FarmWorker, Node) Worker(FarmFile farm, int id, int type, DateTimeOffset started)
    {
        var node = new Node(1, 1, ["worker"], "local", farm.Types[type].Name, started);
        node.Started("127.0.0.1", 5000, farm.Types[type].Name, started, started);
        node.MarkRunning(started);
        var worker = new FarmWorker { NodeId = id, TypeIndex = type };
        farm.Workers.Add(worker);
        return (worker, node);
    }

    private static ControlResult Decide(FarmFile farm, Dictionary<int, Node> nodes, DateTimeOffset now) =>
        new BudgetController(FarmControl.Plan(farm, FarmMath.Model(farm)), FarmControl.Options).Decide(FarmControl.Snapshot(farm, nodes, now));

    [Fact]
    public void A_snapshot_counts_queued_tasks_as_pending_and_shows_a_multi_slot_node_in_node_seconds()
    {
        var farm = Farm(20, [0, 1], 1m);
        var (large, node) = Worker(farm, 7, 1, T0);
        for (int t = 0; t < 6; t++)
            farm.TaskStates[t] = FarmTaskState.Assigned;
        large.Outstanding.AddRange([0, 1, 2, 3, 4, 5]);
        large.RunningSince[0] = T0.AddSeconds(20);
        large.RunningSince[1] = T0.AddSeconds(40);
        large.Done = 8;
        large.BusySeconds = 8 * 40;

        var snapshot = FarmControl.Snapshot(farm, new Dictionary<int, Node> { [7] = node }, T0.AddSeconds(60));

        Assert.Equal(60, snapshot.Now);
        Assert.Equal(14 + 4, snapshot.TasksPending); // 14 never handed out, 4 queued on the worker
        var machine = Assert.Single(snapshot.Machines);
        Assert.Equal("7", machine.Id);
        Assert.True(machine.IsAlive);
        Assert.Equal(8 * 40 / 4.0, machine.BusySeconds);
        // Its longest-running task, 40 s on a 4-slot node = 10 node-seconds.
        Assert.Equal(new RunningTask(0, 50, false), machine.Running);
    }

    [Fact]
    public void A_copy_handed_to_a_busy_worker_shows_as_its_queued_copy_until_it_starts()
    {
        var farm = Farm(20, [1, 0], 1m);
        var (small, node) = Worker(farm, 3, 0, T0);
        farm.TaskStates[0] = farm.TaskStates[5] = FarmTaskState.Assigned;
        small.Outstanding.AddRange([0, 5]);
        small.RunningSince[0] = T0.AddSeconds(10);
        small.Replicas.Add(5); // task 5 runs on another worker; this copy waits behind task 0
        var nodes = new Dictionary<int, Node> { [3] = node };

        var queued = Assert.Single(FarmControl.Snapshot(farm, nodes, T0.AddSeconds(20)).Machines);
        Assert.Equal(5, queued.QueuedCopy);
        Assert.Equal(0, queued.Running!.TaskIndex);

        small.RunningSince.Remove(0);
        small.Outstanding.Remove(0);
        small.RunningSince[5] = T0.AddSeconds(25);
        var started = Assert.Single(FarmControl.Snapshot(farm, nodes, T0.AddSeconds(30)).Machines);
        Assert.Null(started.QueuedCopy);
        Assert.Equal(new RunningTask(5, 25, true), started.Running);
    }

    [Fact]
    public void With_no_money_for_another_hour_workers_stop_at_the_end_of_their_paid_hour_not_before()
    {
        var farm = Farm(2000, [2, 0], 0.10m); // two small workers, exactly one hour each
        var (_, na) = Worker(farm, 1, 0, T0);
        var (_, nb) = Worker(farm, 2, 0, T0.AddSeconds(100));
        var nodes = new Dictionary<int, Node> { [1] = na, [2] = nb };

        // Mid-hour: lots of work left, yet nothing is stopped while paid time has work in it.
        Assert.Empty(Decide(farm, nodes, T0.AddSeconds(1800)).Decisions.OfType<StopMachine>());

        // Within a control interval (plus the margin) of the first one's hour: it stops at the hour's end.
        var stops = Decide(farm, nodes, T0.AddSeconds(3570)).Decisions.OfType<StopMachine>().ToList();
        var stop = Assert.Single(stops);
        Assert.Equal("1", stop.MachineId);
        Assert.Equal(3600 - FarmControl.Options.StopMarginSeconds, stop.At);
        Assert.Equal(T0.AddSeconds(3570), FarmControl.Time(farm, stop.At));
    }

    [Fact]
    public void A_lost_worker_is_replaced_when_the_plan_falls_behind_and_the_budget_has_room()
    {
        var farm = Farm(200, [1, 1], 1m);
        var (_, ns) = Worker(farm, 1, 0, T0);
        var (large, nl) = Worker(farm, 2, 1, T0);
        var nodes = new Dictionary<int, Node> { [1] = ns, [2] = nl };
        large.Gone = true;
        nl.MarkTerminated(T0.AddSeconds(30));

        var decisions = Decide(farm, nodes, T0.AddSeconds(60)).Decisions;

        Assert.Contains(decisions, d => d is StartMachine);
    }

    [Fact]
    public void Machines_that_never_started_and_a_killed_one_are_replaced_when_the_plan_falls_behind()
    {
        // As in a loaded end-to-end run: the plan wants two of each type (at most two each); the two new ones
        // failed to start and were dropped, then the sampling large one was killed. One small worker is left.
        var farm = Farm(240, [2, 2], 2.75m);
        farm.Types[0] = new TaskFarmTypeDto("small", 0.05m, 1, 2);
        farm.Types[1] = new TaskFarmTypeDto("large", 0.2m, 4, 2);
        farm.Schedules[0] = new TaskFarmScheduleDto(0, [2, 2], 30, 40, 0.25m, 0.25m, "Fastest");
        farm.Samples.Clear();
        for (int t = 0; t < 10; t++)
        {
            farm.Samples.Add(new FarmSample(t, 0, 1.0));
            farm.Samples.Add(new FarmSample(t, 1, 0.25));
        }
        var (_, small) = Worker(farm, 5, 0, T0.AddSeconds(-30));
        var (large, killed) = Worker(farm, 6, 1, T0.AddSeconds(-30));
        large.Gone = true;
        killed.MarkTerminated(T0.AddSeconds(32));
        var nodes = new Dictionary<int, Node> { [5] = small, [6] = killed };
        foreach (var (id, type) in new[] { (7, 0), (8, 1) })
        {
            var never = new Node(1, 1, ["worker"], "local", farm.Types[type].Name, T0);
            never.MarkFailed("Did not start", T0.AddSeconds(30));
            never.MarkTerminated(T0.AddSeconds(30));
            farm.Workers.Add(new FarmWorker { NodeId = id, TypeIndex = type, Gone = true });
            nodes[id] = never;
        }

        var decisions = Decide(farm, nodes, T0.AddSeconds(40)).Decisions;

        Assert.Contains(decisions, d => d is StartMachine);
    }

    [Fact]
    public void Without_the_money_a_lost_worker_is_not_replaced()
    {
        var farm = Farm(200, [1, 1], 0.25m); // both first hours are spent already
        var (_, ns) = Worker(farm, 1, 0, T0);
        var (large, nl) = Worker(farm, 2, 1, T0);
        var nodes = new Dictionary<int, Node> { [1] = ns, [2] = nl };
        large.Gone = true;
        nl.MarkTerminated(T0.AddSeconds(30));

        var decisions = Decide(farm, nodes, T0.AddSeconds(60)).Decisions;

        Assert.DoesNotContain(decisions, d => d is StartMachine);
    }

    [Fact]
    public void With_the_bag_empty_an_idle_fast_worker_copies_the_task_running_on_a_slow_one()
    {
        // Here the second type is a one-slot machine 3x as fast (a copy runs on a slot, so slots do not help it).
        var farm = Farm(30, [1, 1], 1m);
        farm.Types[1] = new TaskFarmTypeDto("fast", 0.2m, 1, 4);
        farm.Samples.RemoveAll(s => s.Type == 1);
        farm.Samples.AddRange(Enumerable.Range(0, 10).Select(t => new FarmSample(t, 1, (10 + t) / 3.0)));
        var (small, ns) = Worker(farm, 1, 0, T0);
        var (_, nl) = Worker(farm, 2, 1, T0);
        for (int t = 0; t < 30; t++)
            farm.TaskStates[t] = FarmTaskState.Succeeded;
        farm.TaskStates[29] = FarmTaskState.Assigned;
        small.Outstanding.Add(29);
        small.RunningSince[29] = T0.AddSeconds(295);

        var decisions = Decide(farm, new() { [1] = ns, [2] = nl }, T0.AddSeconds(300)).Decisions;

        var copy = Assert.Single(decisions.OfType<ReplicateTask>());
        Assert.Equal(new ReplicateTask(29, "2"), copy);
    }
}
