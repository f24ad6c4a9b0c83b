namespace ConPaaS.Infrastructure.Services.TaskFarm;

/// <summary>
/// How many tasks each serving worker may hold (running and queued on its node): a few seconds of work, so that
/// it never waits for the portal's next step, but no more than its share of the work left, so that when the bag
/// runs out every worker runs out at about the same time instead of one finishing the bag alone.
/// </summary>
public static class FarmQueues
{
    /// <summary>Seconds of work a worker holds queued, so it never waits for the next step, even for tiny tasks.</summary>
    public const double QueueSeconds = 10;

    /// <summary>At most this many tasks queued per slot (a lost worker's queue goes back to the bag).</summary>
    public const int MaxQueuedPerSlot = 1000;

    /// <summary>Tasks handed to a worker per slot at least, so a slot never waits for the next step.</summary>
    public const int TasksPerSlot = 2;

    /// <param name="serving">The workers that run and take tasks.</param>
    /// <param name="now">For workers with a planned stop: they take only what they are expected to finish before it.</param>
    /// <returns>Per worker (by node id), the number of tasks it may hold.</returns>
    public static Dictionary<int, int> Capacities(FarmFile farm, IReadOnlyList<FarmWorker> serving, DateTimeOffset now)
    {
        double SecondsPerTask(FarmWorker w) => Math.Max(1e-3, FarmControl.SecondsPerTask(farm, w.TypeIndex));
        double Rate(FarmWorker w) => farm.Types[w.TypeIndex].Slots / SecondsPerTask(w); // tasks per second
        double totalRate = serving.Sum(Rate);
        int left = farm.TaskStates.Count(s => s == FarmTaskState.Pending) + serving.Sum(w => w.Outstanding.Count);

        var capacities = new Dictionary<int, int>();
        foreach (var worker in serving)
        {
            int slots = farm.Types[worker.TypeIndex].Slots;
            double perTask = SecondsPerTask(worker);
            int capacity = slots * (int)Math.Clamp(Math.Ceiling(QueueSeconds / perTask), TasksPerSlot, MaxQueuedPerSlot);
            int share = (int)Math.Ceiling(left * Rate(worker) / totalRate);
            capacity = Math.Min(capacity, Math.Max(slots * TasksPerSlot, share));
            if (worker.StopAt is { } stop)
                capacity = Math.Min(capacity, (int)Math.Floor(Math.Max(0, (stop - now).TotalSeconds) / perTask * slots));
            capacities[worker.NodeId] = capacity;
        }
        return capacities;
    }
}
