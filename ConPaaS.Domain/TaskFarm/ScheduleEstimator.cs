using MathNet.Numerics.Distributions;

namespace ConPaaS.Domain.TaskFarm;

/// <summary>
/// Estimates makespan and cost of a configuration (machines per type) for the tasks left, with the
/// confidence upper bound of TASKFARM.md §2:
/// Tᵢ^max = Tᵢ + t(n−1,(1+p)/2)·sᵢ/√n, σᵢ^max = sᵢ·√((n−1)/χ²(n−1,(1−p)/2)),
/// σ²_mix = (Σ aᵢTᵢ)/γ + (Σ aᵢσᵢ²/Tᵢ)/γ − A²/γ², M_up = N/γ_max + z_p·√N·σ_mix^max/A.
/// </summary>
public sealed class ScheduleEstimator
{
    private readonly IReadOnlyList<MachineType> _types;
    private readonly double[] _mean, _var, _meanMax, _varMax;
    private readonly double _zp;
    private readonly double _remaining;
    // Existing machines per type, the longest paid time first: a schedule adopts those first.
    private readonly double[][] _paidLeft;
    private readonly TailEstimate _tail;
    private readonly double _scale, _scaleMax;
    // Relative deviation of the makespan around its estimate, for the mean cost.
    private readonly double _relativeSd;

    public ScheduleEstimator(
        IReadOnlyList<MachineType> types,
        RuntimeModel model,
        double remainingTasks,
        IReadOnlyList<ExistingMachine>? existing = null,
        ScheduleOptions? options = null,
        IReadOnlyList<double>? currentMeans = null)
    {
        if (model.Types.Count != types.Count)
            throw new ArgumentException("The runtime model and the machine types differ in number.");
        ArgumentOutOfRangeException.ThrowIfNegative(remainingTasks);
        _types = types;
        Options = options ?? ScheduleOptions.Default;
        _remaining = remainingTasks;
        double p = Options.Confidence;
        _zp = Normal.InvCDF(0, 1, (1 + p) / 2);

        int k = types.Count;
        _mean = new double[k];
        _var = new double[k];
        _meanMax = new double[k];
        _varMax = new double[k];
        for (int i = 0; i < k; i++)
        {
            var t = model.Types[i];
            int n = t.SampleCount;
            _mean[i] = currentMeans?[i] ?? t.Mean;
            double s = t.StdDev;
            _var[i] = s * s;
            double tq = StudentT.InvCDF(0, 1, n - 1, (1 + p) / 2);
            double chi = ChiSquared.InvCDF(n - 1, (1 - p) / 2);
            _meanMax[i] = _mean[i] + tq * s / Math.Sqrt(n);
            _varMax[i] = s * s * (n - 1) / chi;
        }

        _tail = new TailEstimate(model);
        // The estimated mean is off by about cv/√(runs seen), and the tasks left add up to their own total,
        // off from N′ times the true mean by about cv/√N′ (cv: coefficient of variation of a task's runtime).
        double cv = model.BaseStdDev / Math.Max(1e-9, model.BaseMean);
        _relativeSd = cv * Math.Sqrt(1.0 / model.ObservationCount + 1.0 / Math.Max(1, remainingTasks));
        // The tail is computed from the sampled distribution; stretch it like the means it goes with.
        _scale = _mean[model.BaseTypeIndex] / model.Types[model.BaseTypeIndex].Mean;
        _scaleMax = Enumerable.Range(0, k).Max(i => _meanMax[i] / model.Types[i].Mean);
        _paidLeft = Enumerable.Range(0, k)
            .Select(i => (existing ?? []).Where(m => m.TypeIndex == i && m.PaidSecondsLeft > 0)
                .Select(m => m.PaidSecondsLeft).OrderDescending().ToArray())
            .ToArray();
    }

    public ScheduleOptions Options { get; }

    public IReadOnlyList<MachineType> Types => _types;

    public double RemainingTasks => _remaining;

    public double MeanOf(int type) => _mean[type];

    public Schedule Evaluate(IReadOnlyList<int> machines)
    {
        int k = _types.Count;
        if (machines.Count != k)
            throw new ArgumentException($"A configuration needs a count for each of the {k} types.", nameof(machines));
        double gamma = 0, gammaMax = 0, a = 0;
        for (int i = 0; i < k; i++)
        {
            if (machines[i] < 0 || machines[i] > _types[i].MaxMachines)
                throw new ArgumentOutOfRangeException(nameof(machines), $"{_types[i].Name} allows 0 to {_types[i].MaxMachines} machines.");
            if (machines[i] == 0)
                continue;
            gamma += machines[i] / _mean[i];
            gammaMax += machines[i] / _meanMax[i];
            a += machines[i];
        }
        if (a == 0)
            throw new ArgumentException("A configuration needs at least one machine.", nameof(machines));

        // The tail depends on the machines only through a common stretch of the runtimes: compute it once.
        double tail = Options.TailFactor * _tail.For(machines);
        double expected = Spread(machines, gamma, _mean) + tail * _scale;

        // σ²_mix: the variance of "the next task to finish", each type weighted by its share of throughput.
        double sumAT = 0, sumAV = 0;
        for (int i = 0; i < k; i++)
        {
            sumAT += machines[i] * _meanMax[i];
            sumAV += machines[i] * _varMax[i] / _meanMax[i];
        }
        double varMix = Math.Max(0, sumAT / gammaMax + sumAV / gammaMax - a * a / (gammaMax * gammaMax));
        double upper = Spread(machines, gammaMax, _meanMax)
            + _zp * Math.Sqrt(_remaining) * Math.Sqrt(varMix) / a
            + tail * _scaleMax;

        decimal expectedCost = MeanCost(machines, expected, _relativeSd * expected);
        // The mean counts a little of the unlikely units past the upper bound too; a bound below the mean would read oddly.
        return new Schedule(machines.ToArray(), gamma, expected, upper, expectedCost, Math.Max(expectedCost, Cost(machines, upper)));
    }

    /// <summary>
    /// Time to work off the remaining tasks at throughput γ: N/γ, less what the existing machines that the
    /// configuration does not adopt will still do in their paid time (they keep pulling tasks until it ends).
    /// </summary>
    private double Spread(IReadOnlyList<int> machines, double gamma, double[] means)
    {
        double plain = _remaining / gamma;
        if (!HasFreeMachines(machines))
            return plain;
        // Capacity is increasing in M: bisect γ·M + Σ_free min(left, M)/μ = N.
        double lo = 0, hi = plain;
        for (int iter = 0; iter < 60 && hi - lo > 1e-3; iter++)
        {
            double mid = (lo + hi) / 2;
            double done = gamma * mid;
            for (int i = 0; i < machines.Count; i++)
                for (int j = machines[i]; j < _paidLeft[i].Length; j++)
                    done += Math.Min(_paidLeft[i][j], mid) / means[i];
            if (done >= _remaining)
                hi = mid;
            else
                lo = mid;
        }
        return hi;
    }

    private bool HasFreeMachines(IReadOnlyList<int> machines)
    {
        for (int i = 0; i < machines.Count; i++)
            if (_paidLeft[i].Length > machines[i])
                return true;
        return false;
    }

    /// <summary>
    /// The mean of <see cref="Cost"/> when the makespan is normal around <paramref name="makespan"/> with
    /// deviation <paramref name="sd"/>: a run expected to end just inside a billing unit pays the next unit
    /// too when it ends a little late, and the cost at the expected makespan would hide that.
    /// </summary>
    public decimal MeanCost(IReadOnlyList<int> machines, double makespan, double sd)
    {
        if (sd <= 0)
            return Cost(machines, makespan);
        double cost = 0;
        for (int i = 0; i < machines.Count; i++)
        {
            var type = _types[i];
            double price = (double)type.PricePerUnit;
            int adopted = Math.Min(machines[i], _paidLeft[i].Length);
            for (int j = 0; j < adopted; j++)
                cost += UnitsBeyond(_paidLeft[i][j], type.BillingUnitSeconds, makespan, sd) * price;
            // A new machine pays its first unit in any case.
            if (machines[i] > adopted)
                cost += (machines[i] - adopted) * (1 + UnitsBeyond(type.BillingUnitSeconds, type.BillingUnitSeconds, makespan, sd)) * price;
        }
        return Math.Round((decimal)cost, 2);
    }

    /// <summary>Expected units started after <paramref name="from"/>: Σₖ P(M &gt; from + k·unit).</summary>
    private static double UnitsBeyond(double from, double unit, double makespan, double sd)
    {
        double units = 0;
        for (double at = from; ; at += unit)
        {
            double p = 1 - Normal.CDF(makespan, sd, at);
            if (p < 1e-6 && at > makespan)
                return units;
            units += p;
        }
    }

    /// <summary>Money to pay for running the configuration <paramref name="makespan"/> seconds: adopted machines pay only past their paid time.</summary>
    public decimal Cost(IReadOnlyList<int> machines, double makespan)
    {
        decimal cost = 0;
        for (int i = 0; i < machines.Count; i++)
        {
            var type = _types[i];
            int adopted = Math.Min(machines[i], _paidLeft[i].Length);
            for (int j = 0; j < adopted; j++)
            {
                double beyond = makespan - _paidLeft[i][j];
                if (beyond > 0)
                    cost += type.UnitsFor(beyond) * type.PricePerUnit;
            }
            cost += (machines[i] - adopted) * type.UnitsFor(makespan) * type.PricePerUnit;
        }
        return cost;
    }
}
