namespace ConPaaS.Domain.TaskFarm;

/// <summary>A parsed, non-empty bag of independent tasks. Build it with <see cref="BagParser"/>.</summary>
public sealed class Bag
{
    internal Bag(IReadOnlyList<BagTask> tasks) => Tasks = tasks;

    public IReadOnlyList<BagTask> Tasks { get; }

    public int Count => Tasks.Count;
}
