namespace ConPaaS.Domain.TaskFarm.Simulation;

/// <summary>The outcome of one simulated run. Times in seconds from the start of the run.</summary>
/// <param name="Completed">Every task finished (false when the budget ran out first).</param>
/// <param name="Makespan">Until the last task finished (or the run gave up).</param>
/// <param name="SamplingSeconds">Length of the sampling phase; 0 without one.</param>
/// <param name="SamplingCost">Money committed by the end of sampling.</param>
/// <param name="Budget">Total money the run was allowed (sampling included); null for baselines.</param>
/// <param name="Chosen">The schedule picked after sampling; null for baselines.</param>
/// <param name="ExecutionLowerBound">A lower bound on the execution phase's length: the work left on the chosen machines, perfectly spread, and never less than its longest task on the fastest of them.</param>
public sealed record SimulationResult(
    bool Completed,
    double Makespan,
    decimal Cost,
    double SamplingSeconds,
    decimal SamplingCost,
    decimal? Budget,
    Schedule? Chosen,
    double ExecutionLowerBound,
    int Replicas,
    int ReplicasWon,
    int TasksRestarted,
    int MachinesStarted)
{
    /// <summary>The runtime estimate made when sampling ended, which <see cref="Chosen"/> was planned with; null for baselines.</summary>
    public RuntimeModel? Model { get; init; }

    public double ExecutionSeconds => Makespan - SamplingSeconds;

    public bool OverBudget => Budget is { } b && Cost > b;

    /// <summary>(actual − expected) / expected for the execution phase.</summary>
    public double? EstimateError => Chosen is null ? null : (ExecutionSeconds - Chosen.ExpectedMakespan) / Chosen.ExpectedMakespan;

    public bool? WithinUpperBound => Chosen is null ? null : ExecutionSeconds <= Chosen.UpperMakespan;

    public double OverLowerBound => ExecutionSeconds / ExecutionLowerBound;
}
