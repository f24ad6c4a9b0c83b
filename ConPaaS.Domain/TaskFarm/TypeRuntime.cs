namespace ConPaaS.Domain.TaskFarm;

/// <summary>
/// What sampling learned about one machine type: its runtimes relative to the base type
/// (t = Beta0 + Beta1·t_base) and the mean and deviation of a task's runtime on it.
/// </summary>
/// <param name="SampleCount">Measurements taken on this type; the confidence bounds use it.</param>
public sealed record TypeRuntime(double Beta0, double Beta1, double Mean, double StdDev, int SampleCount)
{
    /// <summary>The runtime this type would take for a task that takes <paramref name="baseSeconds"/> on the base type.</summary>
    public double FromBase(double baseSeconds) => Math.Max(0, Beta0 + Beta1 * baseSeconds);

    /// <summary>The base-type runtime equivalent to <paramref name="seconds"/> on this type.</summary>
    public double ToBase(double seconds) => (seconds - Beta0) / Beta1;
}
