namespace ConPaaS.Domain.TaskFarm;

/// <summary>Knobs of the execution-phase controller.</summary>
public sealed record ControllerOptions
{
    public static ControllerOptions Default { get; } = new();

    /// <summary>How often the portal calls the controller; stops for units ending before the next call are decided now.</summary>
    public double IntervalSeconds { get; init; } = 60;

    /// <summary>Stop this long before a unit ends, so that termination lands inside the paid unit.</summary>
    public double StopMarginSeconds { get; init; } = 30;

    /// <summary>Re-plan to grow only when the predicted finish is this far (as a share of the plan) behind it.</summary>
    public double BehindTolerance { get; init; } = 0.03;

    /// <summary>Time a new machine needs before it takes work.</summary>
    public double BootSeconds { get; init; }

    /// <summary>Share of the tail correction to apply (as <see cref="ScheduleOptions.TailFactor"/>).</summary>
    public double TailFactor { get; init; } = ScheduleOptions.Default.TailFactor;

    /// <summary>Tail-phase replication on or off (off only to measure what it brings).</summary>
    public bool Replicate { get; init; } = true;
}
