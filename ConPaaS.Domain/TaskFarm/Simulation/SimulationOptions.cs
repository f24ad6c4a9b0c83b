namespace ConPaaS.Domain.TaskFarm.Simulation;

/// <summary>How a simulated run is set up and what the simulated user chooses.</summary>
public sealed record SimulationOptions
{
    public static SimulationOptions Default { get; } = new();

    public ScheduleOptions Schedule { get; init; } = ScheduleOptions.Default;

    public ControllerOptions Controller { get; init; } = ControllerOptions.Default;

    /// <summary>Sampling machines per type = ⌈n / this⌉ (capped by the type's maximum).</summary>
    public int SamplesPerSamplingMachine { get; init; } = 4;

    /// <summary>The point of the front the user picks (ignored when <see cref="Budget"/> is set).</summary>
    public ScheduleMarks Pick { get; init; } = ScheduleMarks.Fastest;

    /// <summary>A budget the user types for the execution: the fastest schedule within it is run.</summary>
    public decimal? Budget { get; init; }

    /// <summary>Give the picked schedule its upper-bound cost as budget instead of its expected cost.</summary>
    public bool BudgetAtUpperBound { get; init; }

    /// <summary>Called at every controller tick with what it saw and decided (tests and traces watch the controller through it).</summary>
    public Action<FarmSnapshot, ControlResult>? OnTick { get; init; }

    /// <summary>A run that has not finished by then is reported unfinished (a guard against a stuck farm).</summary>
    public double MaxSeconds { get; init; } = 1000 * 3600;
}
