namespace ConPaaS.Domain.TaskFarm.Simulation;

/// <summary>A makespan no schedule on given machines can beat, knowing every task's true runtime.</summary>
public static class LowerBound
{
    /// <param name="baseWork">Base-time work of each task still to run.</param>
    /// <param name="speeds">Speed of each machine.</param>
    public static double Of(IEnumerable<double> baseWork, IEnumerable<double> speeds)
    {
        var work = baseWork.ToArray();
        var s = speeds.ToArray();
        if (work.Length == 0 || s.Length == 0)
            return 0;
        return Math.Max(work.Sum() / s.Sum(), work.Max() / s.Max());
    }
}
