namespace ConPaaS.Domain.TaskFarm;

/// <summary>
/// A machine already running when a schedule is planned (a sampling machine). Its current unit is paid,
/// so a schedule may adopt it for free until <paramref name="PaidSecondsLeft"/> runs out, and when not
/// adopted it still works through that paid time.
/// </summary>
public sealed record ExistingMachine(int TypeIndex, double PaidSecondsLeft);
