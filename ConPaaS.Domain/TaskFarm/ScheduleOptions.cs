namespace ConPaaS.Domain.TaskFarm;

/// <summary>Knobs of the schedule estimator.</summary>
public sealed record ScheduleOptions
{
    public static ScheduleOptions Default { get; } = new();

    /// <summary>Confidence p of the upper bound M_up.</summary>
    public double Confidence { get; init; } = 0.95;

    /// <summary>
    /// Tail correction, in mean task times on the slowest type a schedule uses. N/γ assumes the work
    /// spreads perfectly; in fact the last tasks finish on their own. The value is calibrated by the
    /// simulator (see <c>benchmarks/taskfarm</c>) with tail replication on.
    /// </summary>
    public double TailFactor { get; init; } = 0.5;

    /// <summary>Configurations evaluated one by one up to this count; beyond it a knapsack search is used.</summary>
    public long EnumerationLimit { get; init; } = 2_000_000;

    /// <summary>Cost-rate buckets of the knapsack search: more is finer and slower.</summary>
    public int KnapsackBuckets { get; init; } = 200_000;
}
