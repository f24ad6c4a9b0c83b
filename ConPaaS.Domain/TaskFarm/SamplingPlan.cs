namespace ConPaaS.Domain.TaskFarm;

/// <summary>
/// Which tasks the sampling phase measures: <see cref="SampleSize.CommonTasks"/> tasks run on every type
/// (to relate the types by a linear fit) and, per type, n − 7 more of its own. Tasks are drawn at random
/// because bags are usually ordered sweeps whose first lines are not typical of the whole.
/// </summary>
public sealed class SamplingPlan
{
    private readonly HashSet<int>[] _byType;

    private SamplingPlan(int samplesPerType, int[] common, int[][] own)
    {
        SamplesPerType = samplesPerType;
        CommonTasks = common;
        OwnTasks = own;
        _byType = own.Select(o => common.Concat(o).ToHashSet()).ToArray();
        AllTasks = _byType.SelectMany(s => s).ToHashSet();
    }

    public int SamplesPerType { get; }

    public IReadOnlyList<int> CommonTasks { get; }

    /// <summary>Per type, the tasks only it samples.</summary>
    public IReadOnlyList<IReadOnlyList<int>> OwnTasks { get; }

    /// <summary>Every task measured by the sampling phase (each is also done, once, for the bag).</summary>
    public IReadOnlySet<int> AllTasks { get; }

    public static SamplingPlan Create(int taskCount, int typeCount, Random random)
    {
        var decision = SampleSize.Decide(taskCount, typeCount);
        if (decision.RunDirectly)
            throw new InvalidOperationException(decision.Message);
        return Create(taskCount, typeCount, decision.SampleSize, random);
    }

    public static SamplingPlan Create(int taskCount, int typeCount, int samplesPerType, Random random)
    {
        int common = Math.Min(SampleSize.CommonTasks, samplesPerType);
        int own = samplesPerType - common;
        int needed = common + own * typeCount;
        if (needed > taskCount)
            throw new ArgumentOutOfRangeException(nameof(samplesPerType), $"Sampling needs {needed} distinct tasks; the bag has {taskCount}.");
        // A partial Fisher-Yates shuffle draws the sample without replacement.
        var order = Enumerable.Range(0, taskCount).ToArray();
        for (int i = 0; i < needed; i++)
        {
            int j = random.Next(i, taskCount);
            (order[i], order[j]) = (order[j], order[i]);
        }
        var commonTasks = order[..common];
        var ownTasks = Enumerable.Range(0, typeCount).Select(t => order.Skip(common + t * own).Take(own).ToArray()).ToArray();
        return new SamplingPlan(samplesPerType, commonTasks, ownTasks);
    }

    public bool IsSampleFor(int type, int task) => _byType[type].Contains(task);

    /// <summary>The next task a free machine of <paramref name="type"/> should measure: common ones first.</summary>
    public int? NextFor(int type, Func<int, bool> startedOnType)
    {
        foreach (int t in CommonTasks)
            if (!startedOnType(t))
                return t;
        foreach (int t in OwnTasks[type])
            if (!startedOnType(t))
                return t;
        return null;
    }
}
