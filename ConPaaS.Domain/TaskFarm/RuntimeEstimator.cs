namespace ConPaaS.Domain.TaskFarm;

/// <summary>
/// Turns sampling measurements into a <see cref="RuntimeModel"/>: fit each type against the base type on
/// the tasks run on both, convert every sample to base time, and map the base mean and variance back
/// (μᵢ = β0ᵢ + β1ᵢ·μ_base, σᵢ² = β1ᵢ²·σ²_base).
/// </summary>
public static class RuntimeEstimator
{
    public static RuntimeModel Estimate(int typeCount, IEnumerable<SampleObservation> observations, int baseTypeIndex = 0) =>
        Estimate(typeCount, observations, [], baseTypeIndex);

    /// <summary>
    /// As above, and the runtime distribution also learns from every other run seen so far: the tasks that
    /// sampling machines finished beyond the sample while using up their paid time (among
    /// <paramref name="observations"/>), and <paramref name="unfinished"/> runs, each with the time it ran
    /// without finishing (still running, or stopped with its machine). Those say only "longer than this",
    /// so the distribution is the <see cref="KaplanMeier"/> estimate: finished runs alone would be the
    /// short ones. The linear fits use only tasks measured to the end on two types.
    /// </summary>
    public static RuntimeModel Estimate(int typeCount, IEnumerable<SampleObservation> observations, IEnumerable<SampleObservation> unfinished, int baseTypeIndex = 0)
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
        var finished = baseTimes.Values.Select(v => v.Sum / v.Count).ToArray();

        // A task that never finished counts once, at the longest it was seen running (in base time).
        var cut = new Dictionary<int, double>();
        foreach (var o in unfinished)
        {
            if (o.TypeIndex < 0 || o.TypeIndex >= typeCount)
                throw new ArgumentOutOfRangeException(nameof(unfinished), $"Type {o.TypeIndex} is not one of {typeCount}.");
            if (baseTimes.ContainsKey(o.TaskIndex))
                continue;
            var (b0, b1) = betas[o.TypeIndex];
            double b = Math.Max(0, (o.Seconds - b0) / b1);
            cut[o.TaskIndex] = Math.Max(b, cut.GetValueOrDefault(o.TaskIndex));
        }
        var (lengths, weights) = KaplanMeier.Estimate(finished, cut.Values);
        var distribution = new RuntimeModel(baseTypeIndex, [], lengths, weights, finished.Length + cut.Count);
        double mean = distribution.BaseMean, sd = distribution.BaseStdDev;

        var types = new TypeRuntime[typeCount];
        for (int i = 0; i < typeCount; i++)
        {
            var (b0, b1) = betas[i];
            types[i] = new TypeRuntime(b0, b1, b0 + b1 * mean, Math.Abs(b1) * sd, Math.Max(2, byType[i].Count));
        }
        return new RuntimeModel(baseTypeIndex, types, lengths, weights, finished.Length + cut.Count);
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
