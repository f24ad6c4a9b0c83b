namespace ConPaaS.Domain.TaskFarm;

/// <summary>
/// Turns sampling measurements into a <see cref="RuntimeModel"/>: fit each type against the base type on
/// the tasks run on both, convert every sample to base time, and map the base mean and variance back
/// (μᵢ = β0ᵢ + β1ᵢ·μ_base, σᵢ² = β1ᵢ²·σ²_base).
/// </summary>
public static class RuntimeEstimator
{
    public static RuntimeModel Estimate(int typeCount, IEnumerable<SampleObservation> observations, int baseTypeIndex = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(typeCount);
        var byType = Enumerable.Range(0, typeCount).Select(_ => new Dictionary<int, double>()).ToArray();
        foreach (var o in observations)
        {
            if (o.TypeIndex < 0 || o.TypeIndex >= typeCount)
                throw new ArgumentOutOfRangeException(nameof(observations), $"Type {o.TypeIndex} is not one of {typeCount}.");
            // A task measured twice on one type (a replica) keeps its first measurement.
            byType[o.TypeIndex].TryAdd(o.TaskIndex, o.Seconds);
        }
        var onBase = byType[baseTypeIndex];
        if (onBase.Count < 2)
            throw new ArgumentException("The base type needs at least two measurements.", nameof(observations));

        var betas = new (double B0, double B1)[typeCount];
        for (int i = 0; i < typeCount; i++)
            betas[i] = i == baseTypeIndex ? (0, 1) : Fit(onBase, byType[i]);

        // Every task once, in base time: its base measurement if any, else the mean of its conversions.
        var baseTimes = new Dictionary<int, (double Sum, int Count)>();
        foreach (var (task, t) in onBase)
            baseTimes[task] = (t, 1);
        for (int i = 0; i < typeCount; i++)
        {
            if (i == baseTypeIndex)
                continue;
            foreach (var (task, t) in byType[i])
            {
                if (onBase.ContainsKey(task))
                    continue;
                double b = Math.Max(0, (t - betas[i].B0) / betas[i].B1);
                baseTimes[task] = baseTimes.TryGetValue(task, out var acc) ? (acc.Sum + b, acc.Count + 1) : (b, 1);
            }
        }
        var samples = baseTimes.Values.Select(v => v.Sum / v.Count).ToArray();
        double mean = samples.Average();
        double sd = Math.Sqrt(samples.Sum(x => (x - mean) * (x - mean)) / (samples.Length - 1));

        var types = new TypeRuntime[typeCount];
        for (int i = 0; i < typeCount; i++)
        {
            var (b0, b1) = betas[i];
            types[i] = new TypeRuntime(b0, b1, b0 + b1 * mean, Math.Abs(b1) * sd, Math.Max(2, byType[i].Count));
        }
        return new RuntimeModel(baseTypeIndex, types, samples);
    }

    /// <summary>
    /// Least-squares t_type = β0 + β1·t_base over the tasks run on both. With too few or degenerate points,
    /// or a fit that is not increasing (noise on a handful of tasks), fall back to a ratio of means through
    /// the origin, which is what "type X is k times faster" means.
    /// </summary>
    private static (double B0, double B1) Fit(Dictionary<int, double> onBase, Dictionary<int, double> onType)
    {
        var pairs = onType.Where(p => onBase.ContainsKey(p.Key)).Select(p => (X: onBase[p.Key], Y: p.Value)).ToArray();
        if (pairs.Length == 0)
            throw new ArgumentException("A machine type shares no measured task with the base type; run the common tasks on every type.");

        double ratio = pairs.Sum(p => p.Y) / pairs.Sum(p => p.X);
        if (pairs.Length >= 3)
        {
            var xs = pairs.Select(p => p.X).ToArray();
            double spread = xs.Max() - xs.Min();
            if (spread > 1e-9 * Math.Max(1, xs.Max()))
            {
                var (b0, b1) = MathNet.Numerics.Fit.Line(xs, pairs.Select(p => p.Y).ToArray());
                // A fit is used only when it keeps every sampled task's runtime positive.
                if (b1 > 0 && double.IsFinite(b0) && xs.All(x => b0 + b1 * x > 0))
                    return (b0, b1);
            }
        }
        return (0, ratio);
    }
}
