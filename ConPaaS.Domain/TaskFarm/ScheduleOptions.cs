namespace ConPaaS.Domain.TaskFarm;

/// <summary>Knobs of the schedule estimator.</summary>
public sealed record ScheduleOptions
{
    public static ScheduleOptions Default { get; } = new();

    /// <summary>Confidence p of the upper bound M_up.</summary>
    public double Confidence { get; init; } = 0.95;

    /// <summary>
    /// Share of the tail (see <see cref="TailEstimate"/>) added to N/γ. 1 is the tail without replication;
    /// replication cuts part of it. Calibrated by the simulator (see <c>benchmarks/taskfarm</c>).
    /// </summary>
    public double TailFactor { get; init; } = 1.0;

    /// <summary>Configurations evaluated one by one up to this count; beyond it a knapsack search is used.</summary>
    public long EnumerationLimit { get; init; } = 2_000_000;

    /// <summary>Cost-rate buckets of the knapsack search: more is finer and slower.</summary>
    public int KnapsackBuckets { get; init; } = 200_000;
}
