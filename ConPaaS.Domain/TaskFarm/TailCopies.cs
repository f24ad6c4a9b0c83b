namespace ConPaaS.Domain.TaskFarm;

/// <summary>
/// Tail-phase replication (TASKFARM.md §3). Runs end on long tasks that a slower machine took shortly before the
/// bag emptied; a copy on a faster machine brings such a task's end forward (the first copy to finish wins). Each
/// machine that is idle, or busy but with no copy queued yet, copies the task that takes the most off the expected
/// end of the whole run (<see cref="MakespanCopies"/>): a copy of a task that will end long before the others is
/// worth nothing, however much it shortens that task. A busy machine runs its copy next, after its current task;
/// it is counted as starting when that task is expected to end.
/// </summary>
internal static class TailCopies
{
    /// <summary>A copy must take at least this much (seconds) off the expected end: no copies for noise.</summary>
    private const double MinimumGain = 1;

    public static void Plan(FarmSnapshot snapshot, FarmForecast farm, RuntimeModel model, List<FarmDecision> decisions)
    {
        double now = snapshot.Now;
        var candidates = CopyCandidates.From(snapshot, model);
        if (candidates.Tasks.Count == 0)
            return;
        var plan = MakespanCopies.Build(candidates, model, now);
        if (plan is null)
            return;
        var copiers = farm.Workers
            .Where(w => w.Machine is { QueuedCopy: null })
            .Select(w => (Worker: w, FreeAt: CopyCandidates.FreeAt(snapshot, model, w.Machine!)))
            .OrderBy(c => c.FreeAt)
            .ThenBy(c => farm.Mean(c.Worker.TypeIndex))
            .ToList();
        double current = plan.ExpectedEnd();
        foreach (var (w, freeAt) in copiers)
        {
            double paidUntil = Math.Min(w.Stop ?? double.PositiveInfinity, farm.StopTime(w, now));
            if (freeAt >= paidUntil)
                continue;
            int best = -1;
            double bestEnd = current - MinimumGain;
            foreach (int index in plan.Tasks)
            {
                if (index == w.Machine!.Running?.TaskIndex || !plan.MayEndLate(index))
                    continue;
                double end = plan.WithCopy(index, w.TypeIndex, freeAt, paidUntil);
                if (end < bestEnd)
                {
                    best = index;
                    bestEnd = end;
                }
            }
            if (best < 0)
                continue;
            plan.Accept(best, w.TypeIndex, freeAt);
            current = plan.ExpectedEnd();
            decisions.Add(new ReplicateTask(best, w.Machine!.Id));
        }
    }
}
