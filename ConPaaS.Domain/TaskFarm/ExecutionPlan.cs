namespace ConPaaS.Domain.TaskFarm;

/// <summary>
/// What the user chose: a schedule, planned from <paramref name="StartedAt"/>, and the total money the
/// farm may spend (<paramref name="Budget"/>, counting every machine in the snapshots, sampling ones included).
/// </summary>
public sealed record ExecutionPlan(
    IReadOnlyList<MachineType> Types,
    RuntimeModel Model,
    Schedule Schedule,
    double StartedAt,
    decimal Budget)
{
    /// <summary>When the plan expects the last task to finish.</summary>
    public double Deadline => StartedAt + Schedule.ExpectedMakespan;
}
