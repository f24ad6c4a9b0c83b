namespace ConPaaS.Domain.TaskFarm;

/// <summary>A measured runtime: task <paramref name="TaskIndex"/> took <paramref name="Seconds"/> on a machine of type <paramref name="TypeIndex"/>.</summary>
public sealed record SampleObservation(int TaskIndex, int TypeIndex, double Seconds);
