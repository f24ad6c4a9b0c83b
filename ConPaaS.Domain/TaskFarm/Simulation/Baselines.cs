namespace ConPaaS.Domain.TaskFarm.Simulation;

/// <summary>
/// The strategies BaTS is measured against (TASKFARM.md §5). None samples, none controls a budget:
/// each machine is released when it has nothing left to do.
/// </summary>
public static class Baselines
{
    /// <summary>Every machine of every type; task j goes to machine j mod M, decided up front.</summary>
    public static SimulationResult RoundRobin(double[] baseTimes, IReadOnlyList<SimulatedType> types)
    {
        var machines = types.SelectMany((t, i) => Enumerable.Repeat(i, t.Type.MaxMachines)).ToArray();
        var busy = new double[machines.Length];
        for (int j = 0; j < baseTimes.Length; j++)
            busy[j % machines.Length] += baseTimes[j] / types[machines[j % machines.Length]].Speed;
        return Result(baseTimes, types, machines, busy);
    }

    /// <summary>The cheapest type by price per hour (ties: the first listed), all its machines, pulling tasks.</summary>
    public static SimulationResult CheapestOnly(double[] baseTimes, IReadOnlyList<SimulatedType> types)
    {
        int cheapest = Enumerable.Range(0, types.Count)
            .MinBy(i => (double)types[i].Type.PricePerUnit / types[i].Type.BillingUnitSeconds);
        return SingleType(baseTimes, types, cheapest);
    }

    /// <summary>The fastest type, all its machines, pulling tasks.</summary>
    public static SimulationResult FastestOnly(double[] baseTimes, IReadOnlyList<SimulatedType> types) =>
        SingleType(baseTimes, types, Enumerable.Range(0, types.Count).MaxBy(i => types[i].Speed));

    /// <summary>All machines of one type; each free machine takes the next task (list scheduling).</summary>
    public static SimulationResult SingleType(double[] baseTimes, IReadOnlyList<SimulatedType> types, int type)
    {
        var machines = Enumerable.Repeat(type, types[type].Type.MaxMachines).ToArray();
        var busy = new double[machines.Length];
        var free = new PriorityQueue<int, double>();
        for (int m = 0; m < machines.Length; m++)
            free.Enqueue(m, 0);
        foreach (double b in baseTimes)
        {
            int m = free.Dequeue();
            busy[m] += b / types[type].Speed;
            free.Enqueue(m, busy[m]);
        }
        return Result(baseTimes, types, machines, busy);
    }

    private static SimulationResult Result(double[] baseTimes, IReadOnlyList<SimulatedType> types, int[] machines, double[] busy)
    {
        decimal cost = 0;
        for (int m = 0; m < machines.Length; m++)
            if (busy[m] > 0)
                cost += types[machines[m]].Type.CostFor(busy[m]);
        double lowerBound = LowerBound.Of(baseTimes, machines.Select(t => types[t].Speed));
        return new SimulationResult(true, busy.Max(), cost, 0, 0, null, null, lowerBound, 0, 0, 0, machines.Count(m => busy[m] > 0));
    }
}
