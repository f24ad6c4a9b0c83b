using ConPaaS.Domain.TaskFarm;
using ConPaaS.Domain.TaskFarm.Demo;

namespace ConPaaS.Infrastructure.Services.TaskFarm;

/// <summary>
/// Demo mode: no machines; <see cref="DemoMode"/> invents the run and the farm shows one frame a second,
/// sampling first, then the schedules, then the execution of the chosen one.
/// </summary>
public static class DemoView
{
    public const int Steps = 50;

    public static DemoRun Run(FarmFile farm)
    {
        var front = DemoMode.Create(farm.TaskCount, FarmTypes.Machines(farm.Types), ScheduleMarks.Fastest, Steps).Front;
        var pick = farm.Chosen is { } c ? NearestMark(front, c) : ScheduleMarks.Fastest;
        return DemoMode.Create(farm.TaskCount, FarmTypes.Machines(farm.Types), pick, Steps);
    }

    /// <summary>The frame to show now, or null before the demo started.</summary>
    public static DemoStep? Current(FarmFile farm, DateTimeOffset now)
    {
        if (farm.PhaseStartedAt is not { } started)
            return null;
        var run = Run(farm);
        int sampling = run.Steps.Count(s => s.Phase == DemoPhase.Sampling);
        int elapsed = (int)(now - started).TotalSeconds;
        int index = farm.Phase == FarmPhase.Sampling ? Math.Min(elapsed, sampling - 1) : Math.Min(sampling + elapsed, run.Steps.Count - 1);
        if (farm.Phase is FarmPhase.Ready)
            index = sampling - 1;
        if (farm.Phase is FarmPhase.Done)
            index = run.Steps.Count - 1;
        return run.Steps[Math.Max(0, index)];
    }

    /// <summary>Moves the phase on when its frames are shown; true when it changed.</summary>
    public static bool Advance(FarmFile farm, DateTimeOffset now)
    {
        var step = Current(farm, now);
        if (step is null)
            return false;
        var run = Run(farm);
        int sampling = run.Steps.Count(s => s.Phase == DemoPhase.Sampling);
        if (farm.Phase == FarmPhase.Sampling && step.Step >= sampling)
        {
            farm.Phase = FarmPhase.Ready;
            farm.Schedules = run.Front.Points.Select(FarmMath.ToDto).ToList();
            farm.Message = "Demo: sampling simulated. Pick a schedule on the graph, or type a budget.";
            return true;
        }
        if (farm.Phase == FarmPhase.Executing && step.Phase == DemoPhase.Done)
        {
            farm.Phase = FarmPhase.Done;
            farm.Message = "Demo: done. No machine was started and nothing was spent.";
            return true;
        }
        return false;
    }

    private static ScheduleMarks NearestMark(ScheduleFront front, int chosen)
    {
        var marked = front.Points.Select((p, i) => (p, i)).Where(x => x.p.Marks != ScheduleMarks.None).ToList();
        var nearest = marked.MinBy(x => Math.Abs(x.i - chosen)).p.Marks;
        return Enum.GetValues<ScheduleMarks>().First(m => m != ScheduleMarks.None && nearest.HasFlag(m));
    }
}
