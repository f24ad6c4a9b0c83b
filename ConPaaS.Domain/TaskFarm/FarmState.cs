namespace ConPaaS.Domain.TaskFarm;

/// <summary>A task running on a machine, as the controller sees it.</summary>
/// <param name="IsReplica">A tail-phase copy of a task that also runs elsewhere; the first copy to finish wins.</param>
public sealed record RunningTask(int TaskIndex, double StartedAt, bool IsReplica = false);

/// <summary>
/// One machine of the farm at a moment: what the portal knows from its records and the workers' reports.
/// Times are seconds on the farm's clock.
/// </summary>
/// <param name="Id">The portal's machine id; decisions name it.</param>
/// <param name="StopAt">A stop already planned (by an earlier decision), if any.</param>
/// <param name="StoppedAt">When the machine was terminated; null while it runs. Kept so its money counts.</param>
/// <param name="TasksDone">Tasks this machine completed.</param>
/// <param name="BusySeconds">Sum of the runtimes of those tasks.</param>
/// <param name="QueuedCopy">A copy of a task running elsewhere that this machine will run next, after its current task, instead of a task from the bag.</param>
public sealed record FarmMachine(
    string Id,
    int TypeIndex,
    double StartedAt,
    double? StopAt = null,
    double? StoppedAt = null,
    int TasksDone = 0,
    double BusySeconds = 0,
    RunningTask? Running = null,
    int? QueuedCopy = null)
{
    public bool IsAlive => StoppedAt is null;
}

/// <summary>The farm at <paramref name="Now"/>: tasks not yet started and every machine it ever paid for.</summary>
public sealed record FarmSnapshot(double Now, int TasksPending, IReadOnlyList<FarmMachine> Machines);
