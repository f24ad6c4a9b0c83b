namespace ConPaaS.Domain.TaskFarm;

/// <summary>
/// A what-if model of the farm used inside one controller tick: machines (real or proposed) with their
/// planned stops, and the finish time and total cost they lead to. Mutable on purpose: the controller
/// tries a change, looks at the forecast, and keeps or undoes it.
/// </summary>
internal sealed class FarmForecast
{
    internal sealed class Worker
    {
        public FarmMachine? Machine { get; init; }
        public int TypeIndex { get; init; }
        public double StartedAt { get; init; }
        public double AvailableAt { get; init; }
        public double? Stop { get; set; }
    }

    private readonly IReadOnlyList<MachineType> _types;
    private readonly IReadOnlyList<double> _means;
    private readonly ControllerOptions _options;
    private readonly decimal _spentOnStopped;
    private readonly TailEstimate _tail;
    private readonly double _tailScale;

    private FarmForecast(IReadOnlyList<MachineType> types, IReadOnlyList<double> means, ControllerOptions options, decimal spentOnStopped, List<Worker> workers, TailEstimate tail, double tailScale)
    {
        _tail = tail;
        _tailScale = tailScale;
        _types = types;
        _means = means;
        _options = options;
        _spentOnStopped = spentOnStopped;
        Workers = workers;
    }

    public List<Worker> Workers { get; }

    public static FarmForecast From(FarmSnapshot snapshot, ExecutionPlan plan, TailEstimate tail, IReadOnlyList<double> means, ControllerOptions options)
    {
        var types = plan.Types;
        int baseType = plan.Model.BaseTypeIndex;
        double tailScale = means[baseType] / plan.Model.Types[baseType].Mean;
        decimal spent = 0;
        var workers = new List<Worker>();
        foreach (var m in snapshot.Machines)
        {
            if (!m.IsAlive)
            {
                spent += types[m.TypeIndex].CostFor(m.StoppedAt!.Value - m.StartedAt);
                continue;
            }
            workers.Add(new Worker { Machine = m, TypeIndex = m.TypeIndex, StartedAt = m.StartedAt, AvailableAt = snapshot.Now, Stop = m.StopAt });
        }
        return new FarmForecast(types, means, options, spent, workers, tail, tailScale);
    }

    public double Mean(int type) => _means[type];

    public int AliveCount(int type) => Workers.Count(w => w.TypeIndex == type);

    public Worker AddNew(int type, double availableAt, double now)
    {
        var w = new Worker { TypeIndex = type, StartedAt = now, AvailableAt = availableAt };
        Workers.Add(w);
        return w;
    }

    public void Remove(Worker w) => Workers.Remove(w);

    public double UnitEnd(Worker w, double now) => Billing.UnitEnd(w.StartedAt, now, _types[w.TypeIndex].BillingUnitSeconds);

    /// <summary>Stop a little before the unit ends, but not in the past.</summary>
    public double StopTime(Worker w, double now) => Math.Max(now, UnitEnd(w, now) - _options.StopMarginSeconds);

    public double PaidUntil(Worker w, double now) => Math.Min(w.Stop ?? double.PositiveInfinity, UnitEnd(w, now));

    /// <summary>Every billing unit started so far, stopped machines included.</summary>
    public decimal Committed(double now) =>
        _spentOnStopped + Workers.Where(w => w.Machine is not null).Sum(w => _types[w.TypeIndex].CostFor(now - w.StartedAt));

    /// <summary>
    /// When <paramref name="work"/> tasks (in mean task times of the type that runs them) will be done, and
    /// what the farm will have cost by then. Each machine works from its availability until its stop; the
    /// last tasks add the tail correction for the machines still working then.
    /// </summary>
    public (double Finish, decimal Cost) Predict(double work, double now)
    {
        double finish = WorkDone(work, now);
        if (double.IsPositiveInfinity(finish))
            return (finish, decimal.MaxValue);
        var working = new int[_types.Count];
        foreach (var w in Workers)
            if ((w.Stop ?? double.PositiveInfinity) >= finish)
                working[w.TypeIndex]++;
        finish += _options.TailFactor * _tail.For(working, _tailScale);

        decimal cost = _spentOnStopped;
        foreach (var w in Workers)
        {
            double end = Math.Max(now, Math.Min(w.Stop ?? double.PositiveInfinity, finish));
            cost += _types[w.TypeIndex].CostFor(end - w.StartedAt);
        }
        return (finish, cost);
    }

    private double WorkDone(double work, double now)
    {
        if (work <= 0)
            return now;
        double openRate = 0, latest = now;
        foreach (var w in Workers)
        {
            if (w.Stop is null)
            {
                openRate += 1 / _means[w.TypeIndex];
                latest = Math.Max(latest, w.AvailableAt);
            }
        }
        if (openRate == 0 && Capacity(double.PositiveInfinity) < work)
            return double.PositiveInfinity;
        double lo = now, hi = openRate > 0 ? latest + work / openRate : Workers.Max(w => w.Stop!.Value);
        for (int i = 0; i < 60 && hi - lo > 0.5; i++)
        {
            double mid = (lo + hi) / 2;
            if (Capacity(mid) >= work)
                hi = mid;
            else
                lo = mid;
        }
        return hi;
    }

    private double Capacity(double until)
    {
        double tasks = 0;
        foreach (var w in Workers)
        {
            double end = Math.Min(until, w.Stop ?? double.PositiveInfinity);
            if (end > w.AvailableAt)
                tasks += (end - w.AvailableAt) / _means[w.TypeIndex];
        }
        return tasks;
    }

    public IReadOnlyList<MachineOutlook> Outlooks(double now, double finish) =>
        Workers.Where(w => w.Machine is not null).Select(w =>
        {
            double mean = _means[w.TypeIndex];
            double paid = PaidUntil(w, now);
            double planEnd = Math.Min(w.Stop ?? double.PositiveInfinity, finish);
            return new MachineOutlook(w.Machine!.Id, mean, paid, Math.Max(0, paid - now) / mean, Math.Max(0, planEnd - now) / mean);
        }).ToList();
}
