namespace ConPaaS.Domain.TaskFarm;

/// <summary>
/// How many tasks to sample per machine type, and whether a bag is big enough to be worth sampling.
/// </summary>
public static class SampleSize
{
    /// <summary>Two-sided 95 % normal quantile.</summary>
    public const double Z = 1.96;

    /// <summary>Accepted error of the mean, in standard deviations.</summary>
    public const double Delta = 0.25;

    /// <summary>Below this many samples the t and chi-square bounds are too wide to be of use.</summary>
    public const int Minimum = 7;

    /// <summary>Tasks run on every type so the types can be related by a linear fit.</summary>
    public const int CommonTasks = 7;

    /// <summary>n = ⌈N·z² / (z² + 2(N−1)·Δ²)⌉: the sample size for the mean, with finite-population correction.</summary>
    public static int For(int taskCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(taskCount);
        double z2 = Z * Z;
        double n = taskCount * z2 / (z2 + 2.0 * (taskCount - 1) * Delta * Delta);
        // Guard the ceiling against representation error (e.g. 23.0000000001 must stay 24 only if it is above 23).
        return (int)Math.Ceiling(n - 1e-9);
    }

    /// <summary>
    /// Decides whether a bag of <paramref name="taskCount"/> tasks can be sampled on <paramref name="typeCount"/>
    /// machine types. Sampling must leave at least half of the bag for the schedule it informs.
    /// </summary>
    public static SamplingDecision Decide(int taskCount, int typeCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(typeCount);
        int n = For(taskCount);
        if (n < Minimum || (long)n * typeCount > taskCount / 2.0)
        {
            return SamplingDecision.TooSmall(n,
                $"A bag of {taskCount} tasks is too small to sample on {typeCount} machine type(s) " +
                $"({n} samples per type would use more than half of it). Run it directly instead: " +
                "the cost of guessing is smaller than the cost of measuring.");
        }
        return SamplingDecision.Sample(n);
    }
}

/// <summary>Either "sample this many tasks per type" or "too small: run directly", with the reason.</summary>
public sealed record SamplingDecision
{
    private SamplingDecision(bool runDirectly, int sampleSize, string? message)
    {
        RunDirectly = runDirectly;
        SampleSize = sampleSize;
        Message = message;
    }

    /// <summary>True when the bag should be run without sampling (it is too small to estimate).</summary>
    public bool RunDirectly { get; }

    /// <summary>Samples per machine type that the rule asks for (also set when too small, for display).</summary>
    public int SampleSize { get; }

    /// <summary>Why the bag is run directly; null when it is sampled.</summary>
    public string? Message { get; }

    public static SamplingDecision Sample(int sampleSize) => new(false, sampleSize, null);

    public static SamplingDecision TooSmall(int sampleSize, string message) => new(true, sampleSize, message);
}
