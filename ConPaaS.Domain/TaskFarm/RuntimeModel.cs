namespace ConPaaS.Domain.TaskFarm;

/// <summary>
/// Runtime knowledge about a bag: per-type linear relations to a base type and the distribution of task
/// runtimes, kept as the sampled base-type times with their probabilities (equal for a plain sample; the
/// <see cref="KaplanMeier"/> weights when unfinished runs count too) so that conditional expectations
/// ("this task has run 20 minutes already; how long will it take in all?") need no distribution assumption.
/// </summary>
public sealed class RuntimeModel
{
    private readonly double[] _sortedBase;
    private readonly double[] _weights;
    // Suffix sums of weight and of weight × length: conditional expectations in O(log n).
    private readonly double[] _suffixWeights;
    private readonly double[] _suffixSums;

    /// <summary>A model whose runtime distribution is the sampled base times, each equally likely.</summary>
    public RuntimeModel(int baseTypeIndex, IReadOnlyList<TypeRuntime> types, IEnumerable<double> baseSamples)
        : this(baseTypeIndex, types, Equal(baseSamples.ToArray()))
    {
    }

    /// <summary>
    /// A model whose runtime distribution puts probability <paramref name="weights"/>[i] on base time
    /// <paramref name="lengths"/>[i] (a <see cref="KaplanMeier"/> estimate), learnt from
    /// <paramref name="observations"/> runs in all (finished and unfinished).
    /// </summary>
    public RuntimeModel(int baseTypeIndex, IReadOnlyList<TypeRuntime> types, IReadOnlyList<double> lengths, IReadOnlyList<double> weights, int observations)
        : this(baseTypeIndex, types, (lengths.ToArray(), weights.ToArray(), observations))
    {
    }

    private RuntimeModel(int baseTypeIndex, IReadOnlyList<TypeRuntime> types, (double[] Lengths, double[] Weights, int Observations) distribution)
    {
        var (lengths, weights, observations) = distribution;
        if (lengths.Length != weights.Length)
            throw new ArgumentException("Each length needs a weight.", nameof(distribution));
        if (lengths.Length < 2)
            throw new ArgumentException("At least two base-time samples are needed.", nameof(distribution));
        if (weights.Any(w => w < 0 || !double.IsFinite(w)) || weights.Sum() <= 0)
            throw new ArgumentException("Weights must be non-negative with a positive sum.", nameof(distribution));
        BaseTypeIndex = baseTypeIndex;
        Types = types;
        var order = Enumerable.Range(0, lengths.Length).OrderBy(i => lengths[i]).ToArray();
        double total = weights.Sum();
        _sortedBase = order.Select(i => lengths[i]).ToArray();
        _weights = order.Select(i => weights[i] / total).ToArray();
        _suffixWeights = new double[_sortedBase.Length + 1];
        _suffixSums = new double[_sortedBase.Length + 1];
        for (int i = _sortedBase.Length - 1; i >= 0; i--)
        {
            _suffixWeights[i] = _suffixWeights[i + 1] + _weights[i];
            _suffixSums[i] = _suffixSums[i + 1] + _weights[i] * _sortedBase[i];
        }
        ObservationCount = Math.Max(observations, _sortedBase.Length);
        BaseMean = _suffixSums[0];
        // The weighted variance with the usual n/(n−1) correction, n the lengths seen to finish.
        double n = _sortedBase.Length;
        double variance = _sortedBase.Select((x, i) => _weights[i] * (x - BaseMean) * (x - BaseMean)).Sum();
        BaseStdDev = Math.Sqrt(variance * n / (n - 1));
    }

    public int BaseTypeIndex { get; }

    public IReadOnlyList<TypeRuntime> Types { get; }

    public double BaseMean { get; }

    public double BaseStdDev { get; }

    /// <summary>The base times the distribution puts weight on, shortest first.</summary>
    public IReadOnlyList<double> BaseSamples => _sortedBase;

    /// <summary>The probability of each of <see cref="BaseSamples"/>; they add up to 1.</summary>
    public IReadOnlyList<double> BaseWeights => _weights;

    /// <summary>Runs the distribution was learnt from, finished or not (each task once).</summary>
    public int ObservationCount { get; }

    public double Mean(int type) => Types[type].Mean;

    /// <summary>
    /// E[base time | base time &gt; <paramref name="baseElapsed"/>] from the samples. Past the longest sample
    /// there is nothing to learn from, so we assume half a deviation more: a crude but bounded guess.
    /// </summary>
    public double ExpectedBaseGiven(double baseElapsed)
    {
        if (baseElapsed <= 0)
            return BaseMean;
        int first = UpperBound(baseElapsed);
        return _suffixWeights[first] <= 1e-12
            ? baseElapsed + 0.5 * BaseStdDev
            : Math.Max(baseElapsed, _suffixSums[first] / _suffixWeights[first]);
    }

    /// <summary>
    /// The sampled base lengths a task may have once it has run <paramref name="baseElapsed"/>, with their
    /// weights (not normalised: divide by their sum); past the longest sample, the guess of
    /// <see cref="ExpectedBaseGiven"/>.
    /// </summary>
    public (IReadOnlyList<double> Lengths, IReadOnlyList<double> Weights) BaseLengthsGiven(double baseElapsed)
    {
        int first = UpperBound(baseElapsed);
        if (_suffixWeights[first] <= 1e-12)
            return (new[] { ExpectedBaseGiven(baseElapsed) }, new[] { 1.0 });
        return (new ArraySegment<double>(_sortedBase, first, _sortedBase.Length - first), new ArraySegment<double>(_weights, first, _weights.Length - first));
    }

    /// <summary>Expected total runtime on <paramref name="type"/> of a task that has run <paramref name="elapsed"/> there.</summary>
    public double ExpectedTotal(int type, double elapsed)
    {
        var t = Types[type];
        return Math.Max(elapsed, t.FromBase(ExpectedBaseGiven(t.ToBase(elapsed))));
    }

    /// <summary>Expected time a copy would take on <paramref name="copyType"/> of a task that has run <paramref name="elapsed"/> on <paramref name="originalType"/>.</summary>
    public double ExpectedCopyTime(int originalType, double elapsed, int copyType) =>
        Types[copyType].FromBase(ExpectedBaseGiven(Types[originalType].ToBase(elapsed)));

    /// <summary>The same relations and samples with the per-type means re-derived from a new base mean (execution-phase updates).</summary>
    public IReadOnlyList<double> MeansForBaseMean(double baseMean) =>
        Types.Select(t => t.FromBase(baseMean)).ToArray();

    private static (double[], double[], int) Equal(double[] samples) =>
        (samples, samples.Select(_ => 1.0).ToArray(), samples.Length);

    private int UpperBound(double value) => SortedLengths.CountAtMost(_sortedBase, value);
}
