namespace ConPaaS.Domain.TaskFarm;

/// <summary>
/// The tail correction. N/γ assumes the last of the work spreads evenly over all machines; in fact, when
/// the bag empties, every machine is part-way through a task and the bag is done only when the last of
/// them finishes. The task a machine holds then is length-biased (density t·f(t)/μ) and its time left R
/// is uniform over its length, so the run ends E[max Rₘ] after the bag empties where N/γ expects
/// Σ E[Rₘ]/μₘ / γ; the difference is the tail. With tail-phase replication a task on a slower type is
/// copied to a machine of the fastest type once one is idle (within about one of its task times, μ_f), so
/// its time left is at most μ_f + ρ·t (ρ = ratio of the mean runtimes). Everything comes from the sampled runtimes, so heavy-tailed bags
/// get a longer tail than narrow ones.
/// </summary>
public sealed class TailEstimate
{
    private const int GridPoints = 160;

    private readonly double _step;
    // [type, fastest type used] → log P(R ≤ r) on the grid.
    private readonly double[,][] _logCdf;
    // [type, fastest type used] → first grid point where P(R ≤ r) = 1: the sum can stop there.
    private readonly int[,] _support;
    // Per type, E[R]/μ: the work a machine holds when the bag empties, in tasks.
    private readonly double[] _inFlight;
    private readonly double[] _means;

    public TailEstimate(RuntimeModel model, bool replication = true)
    {
        int k = model.Types.Count;
        var samples = model.BaseSamples;
        var weights = model.BaseWeights;
        var times = Enumerable.Range(0, k).Select(i => samples.Select(model.Types[i].FromBase).ToArray()).ToArray();
        _means = times.Select(t => t.Select((x, j) => weights[j] * x).Sum()).ToArray();
        _inFlight = times.Select((t, i) => t.Select((x, j) => weights[j] * x * x).Sum() / (2 * _means[i] * _means[i])).ToArray();
        double longest = times.Max(t => t.Max());
        _step = Math.Max(longest, 1e-9) / GridPoints;

        _logCdf = new double[k, k][];
        _support = new int[k, k];
        for (int i = 0; i < k; i++)
        {
            double total = _means[i];
            for (int f = 0; f < k; f++)
            {
                bool copied = replication && _means[f] < _means[i];
                double rho = _means[f] / _means[i], wait = _means[f];
                var cdf = new double[GridPoints];
                for (int g = 0; g < GridPoints; g++)
                {
                    double r = g * _step;
                    double survival = 0;
                    for (int j = 0; j < times[i].Length; j++)
                    {
                        double t = times[i][j];
                        if (t > r && (!copied || wait + rho * t > r))
                            survival += weights[j] * t / total * (1 - r / t);
                    }
                    cdf[g] = Math.Log(Math.Clamp(1 - survival, 1e-300, 1));
                }
                _logCdf[i, f] = cdf;
                int support = GridPoints;
                while (support > 0 && cdf[support - 1] == 0)
                    support--;
                _support[i, f] = support;
            }
        }
    }

    /// <summary>
    /// Expected extra time, beyond N/γ, for <paramref name="machines"/> (per type) to finish the last tasks.
    /// <paramref name="scale"/> stretches all runtimes (updated means against the sampled ones).
    /// </summary>
    public double For(IReadOnlyList<int> machines, double scale = 1)
    {
        double gamma = 0, inFlight = 0;
        int fastest = -1;
        for (int i = 0; i < machines.Count; i++)
        {
            if (machines[i] <= 0)
                continue;
            gamma += machines[i] / _means[i];
            inFlight += machines[i] * _inFlight[i];
            if (fastest < 0 || _means[i] < _means[fastest])
                fastest = i;
        }
        if (fastest < 0)
            return 0;
        // E[max R] = ∫ (1 − Πᵢ P(Rᵢ ≤ r)^aᵢ) dr, left Riemann sum on the grid.
        int end = 0;
        for (int i = 0; i < machines.Count; i++)
            if (machines[i] > 0)
                end = Math.Max(end, _support[i, fastest]);
        double expectedMax = 0;
        for (int g = 0; g < end; g++)
        {
            double logCdf = 0;
            for (int i = 0; i < machines.Count; i++)
                if (machines[i] > 0)
                    logCdf += machines[i] * _logCdf[i, fastest][g];
            expectedMax += (1 - Math.Exp(logCdf)) * _step;
        }
        return scale * Math.Max(0, expectedMax - inFlight / gamma);
    }
}
