namespace ConPaaS.Domain.TaskFarm.Demo;

public enum DemoPhase
{
    Sampling,
    Execution,
    Done,
}

/// <summary>One frame of a demo run, for a UI to render in turn.</summary>
/// <param name="Progress">Share of the whole job, 0 to 1; sampling fills the first fifth.</param>
/// <param name="ElapsedSeconds">Simulated time since the start.</param>
/// <param name="MoneySpent">Every billing unit started so far.</param>
public sealed record DemoStep(int Step, DemoPhase Phase, double Progress, double ElapsedSeconds, int TasksDone, int TaskCount, decimal MoneySpent, string Message);

/// <summary>A demo job: the schedules offered, the one picked, and the frames of its run.</summary>
public sealed record DemoRun(ScheduleFront Front, Schedule Chosen, IReadOnlyList<DemoStep> Steps);
