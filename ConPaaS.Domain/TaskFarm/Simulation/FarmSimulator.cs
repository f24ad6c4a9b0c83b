namespace ConPaaS.Domain.TaskFarm.Simulation;

/// <summary>
/// Runs a whole TaskFarm job on a simulated clock: sampling on every type, estimation, the user's pick,
/// and execution under the <see cref="BudgetController"/>, which the simulator obeys as the portal would.
/// Task time = base time / machine speed; every started billing unit is paid.
/// </summary>
public sealed class FarmSimulator
{
    private const double Epsilon = 1e-6;

    private sealed class SimMachine
    {
        public required string Id { get; init; }
        public required int Type { get; init; }
        public required double Start { get; init; }
        public double AvailableAt { get; init; }
        public double? StopAt { get; set; }
        public double? StoppedAt { get; set; }
        public int Done { get; set; }
        public double Busy { get; set; }
        public int Task { get; set; } = -1;
        public double TaskStart { get; set; }
        public double TaskEnd { get; set; }
        public bool Replica { get; set; }
        public bool SampleRun { get; set; }
        public int? QueuedCopy { get; set; }
        public bool Alive => StoppedAt is null;
        public bool Idle => Task < 0;
    }

    private readonly double[] _base;
    private readonly IReadOnlyList<SimulatedType> _simTypes;
    private readonly IReadOnlyList<MachineType> _types;
    private readonly SimulationOptions _options;
    private readonly SamplingPlan _sampling;
    private readonly List<SimMachine> _machines = [];
    private readonly LinkedList<int> _pending = new();
    private readonly bool[] _done;
    private readonly HashSet<int>[] _startedOnType;
    private readonly List<SampleObservation> _samples = [];
    // Runs of other tasks during sampling (machines use up their paid unit): finished, and stopped with their machine.
    private readonly List<SampleObservation> _beyondSample = [];
    private readonly List<SampleObservation> _cutOff = [];
    private readonly int[] _samplesByType;
    private readonly int[] _machineCounter;
    private int _doneCount, _replicas, _replicasWon, _restarted;
    private double _now;
    private bool _executing;
    private double _nextTick, _samplingEnd, _lowerBound;
    private decimal _samplingCost, _budget;
    private Schedule? _chosen;
    private BudgetController? _controller;
    private IReadOnlyList<double>? _means;
    private RuntimeModel? _model;

    private FarmSimulator(double[] baseTimes, IReadOnlyList<SimulatedType> types, int seed, SimulationOptions options)
    {
        _base = baseTimes;
        _simTypes = types;
        _types = types.Select(t => t.Type).ToArray();
        _options = options;
        _sampling = SamplingPlan.Create(baseTimes.Length, types.Count, new Random(seed));
        _done = new bool[baseTimes.Length];
        _startedOnType = types.Select(_ => new HashSet<int>()).ToArray();
        _samplesByType = new int[types.Count];
        _machineCounter = new int[types.Count];
        for (int i = 0; i < baseTimes.Length; i++)
            if (!_sampling.AllTasks.Contains(i))
                _pending.AddLast(i);
    }

    /// <summary>Simulates one job on a bag of <paramref name="baseTimes"/> (seconds on a speed-1 machine).</summary>
    /// <param name="seed">Chooses the sample; the bag's randomness is in <paramref name="baseTimes"/>.</param>
    public static SimulationResult Run(double[] baseTimes, IReadOnlyList<SimulatedType> types, int seed, SimulationOptions? options = null) =>
        new FarmSimulator(baseTimes, types, seed, options ?? SimulationOptions.Default).Run();

    private SimulationResult Run()
    {
        for (int i = 0; i < _types.Count; i++)
        {
            int count = Math.Min(_types[i].MaxMachines, (int)Math.Ceiling(_sampling.SamplesPerType / (double)_options.SamplesPerSamplingMachine));
            for (int j = 0; j < count; j++)
                StartMachine(i, 0);
        }
        Dispatch();

        while (_doneCount < _base.Length)
        {
            double next = NextEventTime();
            if (double.IsPositiveInfinity(next) || next > _options.MaxSeconds)
                break;
            _now = Math.Max(_now, next);

            foreach (var m in _machines.Where(m => m.Alive && !m.Idle && m.TaskEnd <= _now + Epsilon).OrderBy(m => m.TaskEnd).ToList())
                if (!m.Idle)
                    Complete(m);
            foreach (var m in _machines.Where(m => m.Alive && m.StopAt <= _now + Epsilon).ToList())
                Terminate(m);

            if (!_executing && _samplesByType.All(c => c >= _sampling.SamplesPerType))
                BeginExecution();
            if (_executing && _nextTick <= _now + Epsilon && _doneCount < _base.Length)
            {
                Tick();
                _nextTick = _now + _options.Controller.IntervalSeconds;
                if (!_machines.Any(m => m.Alive))
                    break;
            }
            Dispatch();
            if (!_executing)
                UpdateSamplingStops();
        }

        bool completed = _doneCount == _base.Length;
        foreach (var m in _machines.Where(m => m.Alive))
            m.StoppedAt = _now;
        decimal cost = _machines.Sum(m => _types[m.Type].CostFor(m.StoppedAt!.Value - m.Start));
        return new SimulationResult(completed, _now, cost, _samplingEnd, _samplingCost, _executing ? _budget : null, _chosen,
            _lowerBound, _replicas, _replicasWon, _restarted, _machines.Count) { Model = _model };
    }

    private double NextEventTime()
    {
        double next = double.PositiveInfinity;
        foreach (var m in _machines)
        {
            if (!m.Alive)
                continue;
            if (!m.Idle)
                next = Math.Min(next, m.TaskEnd);
            if (m.StopAt is { } stop)
                next = Math.Min(next, stop);
            if (m.AvailableAt > _now)
                next = Math.Min(next, m.AvailableAt);
        }
        if (_executing)
            next = Math.Min(next, _nextTick);
        return next;
    }

    private SimMachine StartMachine(int type, double bootSeconds)
    {
        var m = new SimMachine
        {
            Id = $"{_types[type].Name}-{++_machineCounter[type]}",
            Type = type,
            Start = _now,
            AvailableAt = _now + bootSeconds,
        };
        _machines.Add(m);
        return m;
    }

    private void RunTask(SimMachine m, int task, bool replica = false, bool sample = false)
    {
        m.Task = task;
        m.TaskStart = _now;
        m.TaskEnd = _now + _base[task] / _simTypes[m.Type].Speed;
        m.Replica = replica;
        m.SampleRun = sample;
    }

    private void Complete(SimMachine m)
    {
        int task = m.Task;
        double runtime = _now - m.TaskStart;
        if (m.SampleRun)
        {
            _samples.Add(new SampleObservation(task, m.Type, runtime));
            _samplesByType[m.Type]++;
        }
        else if (!_executing)
        {
            _beyondSample.Add(new SampleObservation(task, m.Type, runtime));
        }
        m.Done++;
        m.Busy += runtime;
        m.Task = -1;
        if (_done[task])
            return;
        _done[task] = true;
        _doneCount++;
        if (m.Replica)
            _replicasWon++;
        // First copy wins: the others are cancelled (sample runs on other types still measure).
        foreach (var other in _machines.Where(o => o.Alive && o.Task == task && !o.SampleRun))
            other.Task = -1;
    }

    private void Terminate(SimMachine m)
    {
        m.QueuedCopy = null;
        m.StoppedAt = m.StopAt is { } stop ? Math.Max(m.Start, Math.Min(stop, _now)) : _now;
        if (m.Idle || m.Replica || m.SampleRun)
        {
            m.Task = -1;
            return;
        }
        int task = m.Task;
        m.Task = -1;
        if (!_executing)
            _cutOff.Add(new SampleObservation(task, m.Type, _now - m.TaskStart));
        var copy = _machines.FirstOrDefault(o => o.Alive && o.Task == task && o.Replica);
        if (copy is not null)
        {
            copy.Replica = false;
            return;
        }
        _pending.AddFirst(task);
        _restarted++;
    }

    private void Dispatch()
    {
        foreach (var m in _machines)
        {
            if (!m.Alive || !m.Idle || m.AvailableAt > _now + Epsilon)
                continue;
            if (!_executing && _sampling.NextFor(m.Type, _startedOnType[m.Type].Contains) is { } sample)
            {
                _startedOnType[m.Type].Add(sample);
                RunTask(m, sample, sample: true);
                continue;
            }
            if (m.QueuedCopy is { } copy)
            {
                m.QueuedCopy = null;
                if (!_done[copy] && _machines.Any(o => o.Alive && o.Task == copy))
                {
                    RunTask(m, copy, replica: true);
                    _replicas++;
                    continue;
                }
            }
            if (_pending.Count == 0)
                continue;
            // Workers keep taking tasks while the next one is expected to end before the machine stops
            // (during sampling: before its paid unit ends), so paid time is used and not wasted on kills.
            double limit = m.StopAt ?? (_executing ? double.PositiveInfinity : Billing.UnitEnd(m.Start, _now, _types[m.Type].BillingUnitSeconds));
            if (_now + ExpectedRuntime(m.Type) > limit)
                continue;
            int task = _pending.First!.Value;
            _pending.RemoveFirst();
            RunTask(m, task);
        }
    }

    private double ExpectedRuntime(int type)
    {
        if (_means is not null)
            return _means[type];
        var seen = _samples.Where(s => s.TypeIndex == type).ToList();
        return seen.Count == 0 ? 0 : seen.Average(s => s.Seconds);
    }

    private void UpdateSamplingStops()
    {
        foreach (var m in _machines.Where(m => m.Alive))
        {
            bool needed = m.SampleRun && !m.Idle || _sampling.NextFor(m.Type, _startedOnType[m.Type].Contains) is not null;
            if (needed)
                m.StopAt = null;
            else
                m.StopAt ??= StopTime(m);
        }
    }

    private double StopTime(SimMachine m) =>
        Math.Max(_now, Billing.UnitEnd(m.Start, _now, _types[m.Type].BillingUnitSeconds) - _options.Controller.StopMarginSeconds);

    private decimal Committed() =>
        _machines.Sum(m => _types[m.Type].CostFor((m.StoppedAt ?? _now) - m.Start));

    private void BeginExecution()
    {
        _executing = true;
        _samplingEnd = _now;
        _samplingCost = Committed();
        // Every run seen so far informs the estimate (TASKFARM.md §1): the sample, the tasks the sampling
        // machines finished beyond it, and those they were stopped in or are still running.
        var running = _machines.Where(m => m.Alive && !m.Idle && !m.SampleRun)
            .Select(m => new SampleObservation(m.Task, m.Type, _now - m.TaskStart));
        var model = RuntimeEstimator.Estimate(_types.Count, _samples.Concat(_beyondSample), _cutOff.Concat(running));

        double remaining = _pending.Count;
        var runningWork = new List<double>();
        foreach (var m in _machines.Where(m => m.Alive && !m.Idle))
        {
            double elapsed = _now - m.TaskStart;
            remaining += Math.Max(0, model.ExpectedTotal(m.Type, elapsed) - elapsed) / model.Mean(m.Type);
            runningWork.Add(_base[m.Task] - elapsed * _simTypes[m.Type].Speed);
        }
        var alive = _machines.Where(m => m.Alive).ToList();
        var existing = alive.Select(m => new ExistingMachine(m.Type, (m.StopAt ?? StopTime(m)) - _now)).ToList();

        _model = model;
        var estimator = new ScheduleEstimator(_types, model, remaining, existing, _options.Schedule);
        var front = ScheduleFront.Build(estimator);
        _chosen = _options.Budget is { } typed ? front.FastestWithin(typed) : front[_options.Pick];
        decimal executionBudget = _options.Budget ?? (_options.BudgetAtUpperBound ? _chosen.UpperCost : _chosen.ExpectedCost);
        _budget = _samplingCost + executionBudget;

        var speeds = new List<double>();
        for (int i = 0; i < _types.Count; i++)
        {
            var ofType = alive.Where(m => m.Type == i).OrderByDescending(m => m.StopAt ?? StopTime(m)).ToList();
            int adopt = Math.Min(_chosen.Machines[i], ofType.Count);
            for (int j = 0; j < ofType.Count; j++)
                ofType[j].StopAt = j < adopt ? null : ofType[j].StopAt ?? StopTime(ofType[j]);
            for (int j = adopt; j < _chosen.Machines[i]; j++)
                StartMachine(i, _options.Controller.BootSeconds);
            speeds.AddRange(Enumerable.Repeat(_simTypes[i].Speed, _chosen.Machines[i]));
        }
        _lowerBound = LowerBound.Of(_pending.Select(t => _base[t]).Concat(runningWork), speeds);

        var controllerOptions = _options.Controller with { TailFactor = _options.Schedule.TailFactor };
        _controller = new BudgetController(new ExecutionPlan(_types, model, _chosen, _now, _budget), controllerOptions);
        _nextTick = _now;
    }

    private void Tick()
    {
        var snapshot = new FarmSnapshot(_now, _pending.Count, _machines.Select(m => new FarmMachine(
            m.Id, m.Type, m.Start, m.StopAt, m.StoppedAt, m.Done, m.Busy,
            m.Alive && !m.Idle ? new RunningTask(m.Task, m.TaskStart, m.Replica) : null, m.QueuedCopy)).ToList());
        var result = _controller!.Decide(snapshot);
        _options.OnTick?.Invoke(snapshot, result);
        _means = result.MeanRuntimes;
        foreach (var decision in result.Decisions)
            Apply(decision);
    }

    private void Apply(FarmDecision decision)
    {
        switch (decision)
        {
            case StartMachine start:
                StartMachine(start.TypeIndex, _options.Controller.BootSeconds);
                break;
            case StopMachine stop:
                var toStop = Find(stop.MachineId);
                toStop.StopAt = stop.At;
                if (stop.At <= _now + Epsilon)
                    Terminate(toStop);
                break;
            case CancelStop cancel:
                Find(cancel.MachineId).StopAt = null;
                break;
            case ReplicateTask replicate:
                var target = Find(replicate.MachineId);
                bool running = _machines.Any(o => o.Alive && o.Task == replicate.TaskIndex);
                if (!target.Alive || !running || _done[replicate.TaskIndex] || target.Task == replicate.TaskIndex)
                    break;
                if (target.Idle)
                {
                    RunTask(target, replicate.TaskIndex, replica: true);
                    _replicas++;
                }
                else
                {
                    target.QueuedCopy ??= replicate.TaskIndex;
                }
                break;
            default:
                throw new InvalidOperationException($"Unknown decision {decision}.");
        }
    }

    private SimMachine Find(string id) => _machines.First(m => m.Id == id);
}
