namespace ConPaaS.Domain.TaskFarm;

/// <summary>Named points of the Pareto front that the portal highlights.</summary>
[Flags]
public enum ScheduleMarks
{
    None = 0,
    Cheapest = 1,
    CheapestPlus10 = 2,
    CheapestPlus20 = 4,
    Fastest = 8,
    FastestMinus10 = 16,
    FastestMinus20 = 32,
}

/// <summary>
/// One configuration with its estimates. Times are seconds from the moment the schedule starts; costs are
/// the money still to pay (machines already paid for count as free until their unit ends).
/// </summary>
/// <param name="Machines">Machines per type, indexed like the machine types.</param>
/// <param name="Throughput">γ = Σ aᵢ/μᵢ, tasks per second.</param>
/// <param name="ExpectedMakespan">N/γ plus the tail correction.</param>
/// <param name="UpperMakespan">M_up at the configured confidence, plus the tail correction at the pessimistic means.</param>
/// <param name="ExpectedCost">
/// The mean cost over the makespan's uncertainty around <paramref name="ExpectedMakespan"/> (see
/// <see cref="ScheduleEstimator.MeanCost"/>): billing is per started unit, so a run expected to end just
/// inside a unit is expected to pay part of the next one.
/// </param>
/// <param name="UpperCost">Cost when the run takes <paramref name="UpperMakespan"/> (never below <paramref name="ExpectedCost"/>): the budget that is safe at that confidence.</param>
public sealed record Schedule(
    IReadOnlyList<int> Machines,
    double Throughput,
    double ExpectedMakespan,
    double UpperMakespan,
    decimal ExpectedCost,
    decimal UpperCost)
{
    public ScheduleMarks Marks { get; init; }

    public int MachineCount => Machines.Sum();

    public override string ToString() =>
        $"[{string.Join(",", Machines)}] {ExpectedMakespan / 3600:0.00} h (≤ {UpperMakespan / 3600:0.00} h) {ExpectedCost:0.00} (≤ {UpperCost:0.00}) {Marks}";
}
