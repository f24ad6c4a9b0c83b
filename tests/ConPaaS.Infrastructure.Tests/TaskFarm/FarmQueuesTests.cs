using ConPaaS.Domain.Contracts;
using ConPaaS.Infrastructure.Services.TaskFarm;

namespace ConPaaS.Infrastructure.Tests.TaskFarm;

/// <summary>How many tasks the engine hands each worker: enough not to wait for a step, no more than a fair share.</summary>
public class FarmQueuesTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    // small: 1 slot, 0.01 s a task; large: 4 slots, 0.02 s a task per slot, so twice as many tasks a second.
    private static FarmFile Farm(int pending)
    {
        var farm = new FarmFile
        {
            Phase = FarmPhase.Executing,
            TaskCount = pending,
            Types = [new TaskFarmTypeDto("small", 0.05m, 1, 4), new TaskFarmTypeDto("large", 0.2m, 4, 4)],
            TaskStates = new FarmTaskState[pending],
        };
        farm.Samples.Add(new FarmSample(0, 0, 0.01));
        farm.Samples.Add(new FarmSample(0, 1, 0.02 / 4));
        return farm;
    }

    private static FarmWorker Worker(FarmFile farm, int nodeId, int type, int outstanding = 0)
    {
        var worker = new FarmWorker { NodeId = nodeId, TypeIndex = type };
        for (int t = 0; t < outstanding; t++)
            worker.Outstanding.Add(100_000 + nodeId * 1000 + t);
        farm.Workers.Add(worker);
        return worker;
    }

    [Fact]
    public void A_long_bag_fills_every_queue_with_ten_seconds_of_work_capped_per_slot()
    {
        var farm = Farm(100_000);
        var small = Worker(farm, 1, 0);
        var large = Worker(farm, 2, 1);

        var capacities = FarmQueues.Capacities(farm, [small, large], Now);

        Assert.Equal(FarmQueues.MaxQueuedPerSlot, capacities[1]); // 10 s / 0.01 s = 1000 tasks
        Assert.Equal(4 * 500, capacities[2]); // 10 s / 0.02 s per slot, four slots
    }

    [Fact]
    public void Near_the_end_each_worker_holds_at_most_its_share_of_the_work_left_by_speed()
    {
        var farm = Farm(600);
        var small = Worker(farm, 1, 0, outstanding: 0);
        var large = Worker(farm, 2, 1, outstanding: 300); // got much of the bag before the small one came up

        var capacities = FarmQueues.Capacities(farm, [small, large], Now);

        // 900 tasks left; the large worker does 200 a second, the small one 100: shares 600 and 300.
        Assert.Equal(300, capacities[1]);
        Assert.Equal(600, capacities[2]);
    }

    [Fact]
    public void A_worker_always_gets_two_tasks_a_slot_and_one_with_a_planned_stop_only_what_fits_before_it()
    {
        var farm = Farm(3);
        var small = Worker(farm, 1, 0);
        var large = Worker(farm, 2, 1);
        large.StopAt = Now.AddSeconds(0.05); // 0.05 s x 4 slots / 0.02 s = 10 tasks

        var capacities = FarmQueues.Capacities(farm, [small, large], Now);

        Assert.Equal(FarmQueues.TasksPerSlot, capacities[1]);
        Assert.Equal(4 * FarmQueues.TasksPerSlot, capacities[2]);

        var lots = Farm(100_000);
        var stopping = Worker(lots, 3, 1);
        stopping.StopAt = Now.AddSeconds(0.05);
        Assert.Equal(10, FarmQueues.Capacities(lots, [stopping], Now)[3]);
    }
}
