namespace ConPaaS.Domain.TaskFarm;

/// <summary>
/// The running tasks of a farm as copy candidates: every copy of each (running, or queued on a busy machine to
/// start when that machine is expected to be free), and the base lengths the task may still have.
/// </summary>
internal sealed class CopyCandidates
{
    internal sealed class Task
    {
        public double BaseElapsed { get; set; }
        public List<(int Type, double StartedAt)> Copies { get; } = [];
        public IReadOnlyList<double> Lengths { get; set; } = [];
        public IReadOnlyList<double> Weights { get; set; } = [];

        /// <summary>When the first of the copies ends if the task's base length is <paramref name="length"/>.</summary>
        public double EndFor(RuntimeModel model, double length) =>
            Copies.Min(c => c.StartedAt + model.Types[c.Type].FromBase(length));
    }

    public Dictionary<int, Task> Tasks { get; } = [];

    public static CopyCandidates From(FarmSnapshot snapshot, RuntimeModel model)
    {
        var candidates = new CopyCandidates();
        double now = snapshot.Now;
        foreach (var m in snapshot.Machines.Where(m => m.IsAlive && m.Running is not null))
        {
            var task = candidates.Get(m.Running!.TaskIndex);
            double elapsed = now - m.Running.StartedAt;
            task.BaseElapsed = Math.Max(task.BaseElapsed, Math.Max(0, model.Types[m.TypeIndex].ToBase(elapsed)));
            task.Copies.Add((m.TypeIndex, m.Running.StartedAt));
        }
        foreach (var m in snapshot.Machines.Where(m => m.IsAlive && m.QueuedCopy is not null))
            if (candidates.Tasks.TryGetValue(m.QueuedCopy!.Value, out var task))
                task.Copies.Add((m.TypeIndex, FreeAt(snapshot, model, m)));
        foreach (var task in candidates.Tasks.Values)
            (task.Lengths, task.Weights) = model.BaseLengthsGiven(task.BaseElapsed);
        return candidates;
    }

    /// <summary>When a machine is expected to be done with its current task.</summary>
    public static double FreeAt(FarmSnapshot snapshot, RuntimeModel model, FarmMachine m)
    {
        if (m.Running is not { } running)
            return snapshot.Now;
        double elapsed = snapshot.Now - running.StartedAt;
        return running.StartedAt + model.ExpectedTotal(m.TypeIndex, elapsed);
    }

    private Task Get(int index)
    {
        if (!Tasks.TryGetValue(index, out var task))
            Tasks[index] = task = new Task();
        return task;
    }
}
