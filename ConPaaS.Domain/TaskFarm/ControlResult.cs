namespace ConPaaS.Domain.TaskFarm;

/// <summary>Per machine, what the controller expects of it (the portal shows this in the machine list).</summary>
/// <param name="SecondsPerTask">The current mean runtime on its type: its speed as the farm sees it.</param>
/// <param name="TasksInPaidUnit">Tasks it should still finish before its current paid unit ends.</param>
/// <param name="TasksInPlan">Tasks it should still finish before the predicted end of the bag.</param>
public sealed record MachineOutlook(string MachineId, double SecondsPerTask, double PaidUntil, double TasksInPaidUnit, double TasksInPlan);

/// <summary>The controller's answer at one tick: decisions to carry out and the figures behind them.</summary>
/// <param name="MeanRuntimes">Current mean task runtime per type, running tasks counted by their expected total.</param>
/// <param name="PredictedFinish">When the last task is expected to finish (farm clock), after these decisions.</param>
/// <param name="PredictedCost">Total money the farm is expected to have spent by then.</param>
/// <param name="Committed">Money already committed: every started billing unit so far.</param>
public sealed record ControlResult(
    IReadOnlyList<FarmDecision> Decisions,
    IReadOnlyList<double> MeanRuntimes,
    double PredictedFinish,
    decimal PredictedCost,
    decimal Committed,
    IReadOnlyList<MachineOutlook> Machines);
