namespace ConPaaS.Domain.TaskFarm.Simulation;

/// <summary>A machine type with its true speed, which only the simulator knows: runtime = base time / speed.</summary>
public sealed record SimulatedType(MachineType Type, double Speed)
{
    /// <summary>The types of the BaTS papers: A (speed 1, $3/h), B (speed 3, $12/h), C (speed 2, $3/h), 24 of each, hourly billing.</summary>
    public static IReadOnlyList<SimulatedType> PaperTypes(int maxEach = 24) =>
    [
        new(MachineType.Hourly("A", 3m, maxEach), 1),
        new(MachineType.Hourly("B", 12m, maxEach), 3),
        new(MachineType.Hourly("C", 3m, maxEach), 2),
    ];
}
