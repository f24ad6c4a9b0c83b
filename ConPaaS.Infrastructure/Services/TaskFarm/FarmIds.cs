using ConPaaS.Domain.TaskFarm;

namespace ConPaaS.Infrastructure.Services.TaskFarm;

/// <summary>
/// Task ids on the wire carry the bag's generation (a worker that ran an earlier bag remembers its ids and
/// would skip a reused one), and the machines per type the farm aims for.
/// </summary>
public static class FarmIds
{
    public const int Stride = 200_000;

    public static int Generation(FarmFile farm) => farm.Generation;

    public static int Wire(FarmFile farm, int task) => farm.Generation * Stride + task;

    /// <summary>The bag's commands by task index, parsed again from the stored text (the same parser, the same tasks).</summary>
    public static IReadOnlyList<string> Commands(byte[] bag) => BagParser.Parse(bag).Tasks.Select(t => t.Command).ToList();

    public static IReadOnlyList<int> Target(FarmFile farm)
    {
        if (farm.RunDirectly)
            return Enumerable.Range(0, farm.Types.Count).Select(i => i == 0 ? 1 : 0).ToList();
        return farm.Chosen is { } chosen ? farm.Schedules[chosen].Machines : new int[farm.Types.Count];
    }
}
