namespace ConPaaS.Domain.TaskFarm;

/// <summary>
/// Values copies by what they do to the expected end of the whole run, not of one task. Once the bag is empty the
/// run ends with the last running task, whose length is known only to be at least what it has run (the sampled
/// lengths past that, with their weights). With the tasks independent, P(run ends by t) is the product of their
/// P(task ends by t), so the expected end is an integral over a time grid from now, and a copy is worth what it
/// takes off it.
/// </summary>
internal sealed class MakespanCopies
{
    private const int GridPoints = 200;

    private readonly RuntimeModel _model;
    private readonly List<Entry> _entries = [];
    private double _start;
    private double _step;
    // Per grid point, over every task: the sum of log P(ends by then) where it is positive, and how many are zero.
    private double[] _logProduct = [];
    private int[] _zeros = [];

    private sealed class Entry
    {
        public required int Index { get; init; }
        public required CopyCandidates.Task Task { get; init; }
        public required double[] Cumulative { get; init; }
        public double[] Cdf { get; set; } = [];
    }

    private MakespanCopies(RuntimeModel model) => _model = model;

    /// <returns>Null when every task is surely done by <paramref name="now"/> (nothing to copy).</returns>
    public static MakespanCopies? Build(CopyCandidates candidates, RuntimeModel model, double now)
    {
        var plan = new MakespanCopies(model) { _start = now };
        double latest = now;
        foreach (var (index, task) in candidates.Tasks)
        {
            var cumulative = new double[task.Lengths.Count];
            double sum = 0;
            for (int j = 0; j < cumulative.Length; j++)
                cumulative[j] = sum += task.Weights[j];
            for (int j = 0; j < cumulative.Length; j++)
                cumulative[j] /= sum;
            plan._entries.Add(new Entry { Index = index, Task = task, Cumulative = cumulative });
            latest = Math.Max(latest, task.EndFor(model, task.Lengths[^1]));
        }
        if (latest <= now + 1e-6)
            return null;
        plan._step = (latest - now) / GridPoints;
        foreach (var e in plan._entries)
            e.Cdf = plan.Cdf(e, null);
        plan.Sum();
        return plan;
    }

    public IEnumerable<int> Tasks => _entries.Select(e => e.Index);

    /// <summary>
    /// The expected end of the run if a machine of <paramref name="type"/>, free at <paramref name="freeAt"/> and
    /// paid until <paramref name="paidUntil"/> (a copy that cannot end by then is no copy), copies task <paramref name="index"/>.
    /// </summary>
    public double WithCopy(int index, int type, double freeAt, double paidUntil)
    {
        var e = _entries.First(x => x.Index == index);
        return ExpectedEnd(e, Cdf(e, (type, freeAt, paidUntil)));
    }

    public double ExpectedEnd() => ExpectedEnd(null, null);

    public void Accept(int index, int type, double freeAt)
    {
        var e = _entries.First(x => x.Index == index);
        e.Task.Copies.Add((type, freeAt));
        e.Cdf = Cdf(e, null);
        Sum();
    }

    /// <summary>A copy can only help a task that may still be running at the end of the grid's first step.</summary>
    public bool MayEndLate(int index) => _entries.First(x => x.Index == index).Cdf[0] < 1 - 1e-12;

    private void Sum()
    {
        _logProduct = new double[GridPoints];
        _zeros = new int[GridPoints];
        foreach (var e in _entries)
        {
            for (int k = 0; k < GridPoints; k++)
            {
                if (e.Cdf[k] > 0)
                    _logProduct[k] += Math.Log(e.Cdf[k]);
                else
                    _zeros[k]++;
            }
        }
    }

    private double[] Cdf(Entry e, (int Type, double FreeAt, double PaidUntil)? extra)
    {
        var cdf = new double[GridPoints];
        var lengths = e.Task.Lengths;
        for (int k = 0; k < GridPoints; k++)
        {
            double t = _start + (k + 0.5) * _step;
            double longest = double.NegativeInfinity;
            foreach (var c in e.Task.Copies)
                longest = Math.Max(longest, _model.Types[c.Type].ToBase(t - c.StartedAt));
            if (extra is { } x)
                longest = Math.Max(longest, Math.Min(_model.Types[x.Type].ToBase(t - x.FreeAt), _model.Types[x.Type].ToBase(x.PaidUntil - x.FreeAt)));
            cdf[k] = CumulativeAt(lengths, e.Cumulative, longest);
        }
        return cdf;
    }

    private static double CumulativeAt(IReadOnlyList<double> lengths, double[] cumulative, double length)
    {
        int count = SortedLengths.CountAtMost(lengths, length);
        return count == 0 ? 0 : cumulative[count - 1];
    }

    /// <summary>The expected end of the run, with <paramref name="replaced"/>'s distribution swapped for <paramref name="cdf"/>.</summary>
    private double ExpectedEnd(Entry? replaced, double[]? cdf)
    {
        double expected = _start;
        for (int k = 0; k < GridPoints; k++)
            expected += _step * (1 - Product(k, replaced, cdf));
        return expected;
    }

    private double Product(int k, Entry? replaced, double[]? cdf)
    {
        double log = _logProduct[k];
        int zeros = _zeros[k];
        if (replaced is not null)
        {
            if (replaced.Cdf[k] > 0)
                log -= Math.Log(replaced.Cdf[k]);
            else
                zeros--;
            if (cdf![k] <= 0)
                return 0;
            log += Math.Log(cdf[k]);
        }
        return zeros > 0 ? 0 : Math.Exp(log);
    }
}
