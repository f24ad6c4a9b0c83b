namespace ConPaaS.Domain.TaskFarm;

/// <summary>
/// Runtime knowledge about a bag: per-type linear relations to a base type and the distribution of task
/// runtimes, kept as the sampled base-type times so that conditional expectations ("this task has run
/// 20 minutes already; how long will it take in all?") need no distribution assumption.
/// </summary>
public sealed class RuntimeModel
{
    private readonly double[] _sortedBase;
    private readonly double[] _suffixSums;

    public RuntimeModel(int baseTypeIndex, IReadOnlyList<TypeRuntime> types, IEnumerable<double> baseSamples)
    {
        BaseTypeIndex = baseTypeIndex;
        Types = types;
        _sortedBase = baseSamples.Order().ToArray();
        if (_sortedBase.Length < 2)
            throw new ArgumentException("At least two base-time samples are needed.", nameof(baseSamples));
        _suffixSums = new double[_sortedBase.Length + 1];
        for (int i = _sortedBase.Length - 1; i >= 0; i--)
            _suffixSums[i] = _suffixSums[i + 1] + _sortedBase[i];
        BaseMean = _suffixSums[0] / _sortedBase.Length;
        BaseStdDev = Math.Sqrt(_sortedBase.Sum(x => (x - BaseMean) * (x - BaseMean)) / (_sortedBase.Length - 1));
    }

    public int BaseTypeIndex { get; }

    public IReadOnlyList<TypeRuntime> Types { get; }

    public double BaseMean { get; }

    public double BaseStdDev { get; }

    public IReadOnlyList<double> BaseSamples => _sortedBase;

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
        int count = _sortedBase.Length - first;
        return count == 0
            ? baseElapsed + 0.5 * BaseStdDev
            : _suffixSums[first] / count;
    }

    /// <summary>
    /// The sampled base lengths a task may have once it has run <paramref name="baseElapsed"/> (equally
    /// likely); past the longest sample, the guess of <see cref="ExpectedBaseGiven"/>.
    /// </summary>
    public IReadOnlyList<double> BaseLengthsGiven(double baseElapsed)
    {
        int first = UpperBound(baseElapsed);
        return first < _sortedBase.Length
            ? new ArraySegment<double>(_sortedBase, first, _sortedBase.Length - first)
            : [ExpectedBaseGiven(baseElapsed)];
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

    private int UpperBound(double value)
    {
        int lo = 0, hi = _sortedBase.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_sortedBase[mid] <= value)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }
}
