namespace ConPaaS.Domain.TaskFarm;

/// <summary>
/// The execution-phase controller (TASKFARM.md §3). Pure: it gets the plan once and a snapshot at each
/// tick, and returns decisions as data. Between ticks it remembers nothing, so a portal restart loses
/// nothing but the tick in progress.
/// </summary>
public sealed class BudgetController
{
    private readonly ExecutionPlan _plan;
    private readonly ControllerOptions _options;
    private readonly IReadOnlyList<MachineType> _types;
    private readonly TailEstimate _tail;

    public BudgetController(ExecutionPlan plan, ControllerOptions? options = null)
    {
        _plan = plan;
        _options = options ?? ControllerOptions.Default;
        _types = plan.Types;
        _tail = new TailEstimate(plan.Model, _options.Replicate);
    }

    public ControlResult Decide(FarmSnapshot snapshot)
    {
        double now = snapshot.Now;
        var means = RuntimeTracker.CurrentMeans(_plan.Model, snapshot);
        var work = RemainingWork(snapshot, means);
        var decisions = new List<FarmDecision>();
        var farm = FarmForecast.From(snapshot, _plan, _tail, means, _options);
        decimal committed = farm.Committed(now);
        decimal reserved = 0;

        if (snapshot.TasksPending > 0)
        {
            var (finish, cost) = farm.Predict(work, now);
            if (cost > _plan.Budget)
                Shrink(farm, work, now, decisions);
            else if (finish > now && finish - _plan.StartedAt > (_plan.Deadline - _plan.StartedAt) * (1 + _options.BehindTolerance))
                reserved += Grow(farm, work, now, committed, decisions);
        }
        else if (_options.Replicate)
        {
            TailCopies.Plan(snapshot, farm, _plan.Model, decisions);
        }

        var (predictedFinish, predictedCost) = farm.Predict(work, now);
        GuardRenewals(snapshot, farm, now, predictedFinish, committed + reserved, decisions);
        (predictedFinish, predictedCost) = farm.Predict(work, now);

        return new ControlResult(decisions, means, predictedFinish, predictedCost, committed,
            farm.Outlooks(now, predictedFinish));
    }

    /// <summary>Work left in tasks: the bag, plus each running original as the share of it still expected to run.</summary>
    private double RemainingWork(FarmSnapshot snapshot, IReadOnlyList<double> means)
    {
        double work = snapshot.TasksPending;
        foreach (var m in snapshot.Machines)
        {
            if (!m.IsAlive || m.Running is not { IsReplica: false } task)
                continue;
            double elapsed = snapshot.Now - task.StartedAt;
            double left = _plan.Model.ExpectedTotal(m.TypeIndex, elapsed) - elapsed;
            work += Math.Max(0, left) / means[m.TypeIndex];
        }
        return work;
    }

    /// <summary>
    /// Over budget: stop the youngest machines at the end of their paid unit, one at a time, keeping a stop
    /// only when it lowers the predicted cost (a stop also lengthens the run for the others).
    /// </summary>
    private void Shrink(FarmForecast farm, double work, double now, List<FarmDecision> decisions)
    {
        var (_, cost) = farm.Predict(work, now);
        bool progress = true;
        while (cost > _plan.Budget && progress)
        {
            progress = false;
            var candidates = farm.Workers
                .Where(w => w.Machine is not null && w.Stop is null)
                .OrderByDescending(w => w.StartedAt)
                .ThenByDescending(w => (double)_types[w.TypeIndex].PricePerUnit * farm.Mean(w.TypeIndex))
                .ToList();
            if (candidates.Count <= 1)
                break;
            foreach (var w in candidates)
            {
                double at = farm.StopTime(w, now);
                w.Stop = at;
                var (_, trial) = farm.Predict(work, now);
                if (trial < cost)
                {
                    cost = trial;
                    decisions.Add(new StopMachine(w.Machine!.Id, at));
                    progress = true;
                    break;
                }
                w.Stop = null;
            }
        }
    }

    /// <summary>
    /// Behind plan with money to spare: first cancel planned stops, then start machines, choosing each time
    /// the change that brings the finish forward most while the predicted cost stays within the budget.
    /// Returns the money a started machine commits at once (its first unit).
    /// </summary>
    private decimal Grow(FarmForecast farm, double work, double now, decimal committed, List<FarmDecision> decisions)
    {
        var (finish, _) = farm.Predict(work, now);
        foreach (var w in farm.Workers.Where(w => w.Machine is not null && w.Stop is { } s && s > now).OrderBy(w => w.StartedAt).ToList())
        {
            double? stop = w.Stop;
            w.Stop = null;
            var (f, c) = farm.Predict(work, now);
            if (f < finish && c <= _plan.Budget)
            {
                finish = f;
                decisions.Add(new CancelStop(w.Machine!.Id));
            }
            else
            {
                w.Stop = stop;
            }
        }

        decimal reserved = 0;
        while (finish - _plan.StartedAt > (_plan.Deadline - _plan.StartedAt) * (1 + _options.BehindTolerance))
        {
            int bestType = -1;
            double bestFinish = finish;
            for (int i = 0; i < _types.Count; i++)
            {
                if (farm.AliveCount(i) >= _types[i].MaxMachines || committed + reserved + _types[i].PricePerUnit > _plan.Budget)
                    continue;
                var added = farm.AddNew(i, now + _options.BootSeconds, now);
                var (f, c) = farm.Predict(work, now);
                farm.Remove(added);
                if (f < bestFinish && c <= _plan.Budget)
                {
                    bestFinish = f;
                    bestType = i;
                }
            }
            if (bestType < 0)
                break;
            farm.AddNew(bestType, now + _options.BootSeconds, now);
            reserved += _types[bestType].PricePerUnit;
            decisions.Add(new StartMachine(bestType));
            finish = bestFinish;
        }
        return reserved;
    }

    /// <summary>
    /// The hard budget rule. A machine whose paid unit ends before the next tick either gets its next unit,
    /// only if there is work for it past the unit end and the money for the unit is left, or is stopped at the
    /// end of the unit — never in the middle, so paid time with work in it is never thrown away.
    /// </summary>
    private void GuardRenewals(FarmSnapshot snapshot, FarmForecast farm, double now, double finish, decimal committed, List<FarmDecision> decisions)
    {
        double horizon = now + _options.IntervalSeconds + _options.StopMarginSeconds;
        var due = farm.Workers
            .Where(w => w.Machine is not null && w.Stop is null && farm.UnitEnd(w, now) <= horizon)
            .OrderBy(w => farm.UnitEnd(w, now));
        foreach (var w in due)
        {
            var m = w.Machine!;
            double unitEnd = farm.UnitEnd(w, now);
            bool needed = snapshot.TasksPending > 0
                ? finish > unitEnd
                : m.Running is { IsReplica: false };
            decimal price = _types[w.TypeIndex].PricePerUnit;
            if (needed && committed + price <= _plan.Budget)
            {
                committed += price;
                continue;
            }
            w.Stop = farm.StopTime(w, now);
            decisions.Add(new StopMachine(m.Id, w.Stop.Value));
        }
    }
}
