using ConPaaS.Domain.Contracts;

namespace ConPaaS.Infrastructure.Services.TaskFarm;

/// <summary>Phases of a farm, in the order a bag goes through them.</summary>
public static class FarmPhase
{
    public const string Empty = "Empty";
    public const string TooSmall = "TooSmall";
    public const string Sampling = "Sampling";
    public const string Ready = "Ready";
    public const string Executing = "Executing";
    public const string Done = "Done";
}

/// <summary>Per task: not started, handed to a worker, finished with exit 0, finished otherwise.</summary>
public enum FarmTaskState
{
    Pending = 0,
    Assigned = 1,
    Succeeded = 2,
    Failed = 3,
}

/// <summary>
/// A farm's whole state, kept as <c>state.json</c> under <c>&lt;data&gt;/services/&lt;id&gt;/taskfarm/</c>
/// (results are appended to <c>results.jsonl</c> beside it). Plain data: the engine decides.
/// </summary>
public sealed class FarmFile
{
    public string Phase { get; set; } = FarmPhase.Empty;
    public bool Demo { get; set; }
    public string? Message { get; set; }
    public int TaskCount { get; set; }
    public int Generation { get; set; }
    public int SampleSize { get; set; }
    public string Cloud { get; set; } = "";
    public List<TaskFarmTypeDto> Types { get; set; } = [];

    /// <summary>Per type, the tasks it samples (the common ones first).</summary>
    public List<List<int>> SamplePlan { get; set; } = [];

    /// <summary>Sampling measurements: node-seconds per task (runtime divided by the node's slots).</summary>
    public List<FarmSample> Samples { get; set; } = [];

    /// <summary>
    /// Tasks still running when sampling ended, with how long they had run (node-seconds): each says only
    /// "longer than this", and without them the finished runs beyond the sample would be the short ones.
    /// </summary>
    public List<FarmSample> CutOff { get; set; } = [];

    public List<TaskFarmScheduleDto> Schedules { get; set; } = [];
    public int? Chosen { get; set; }
    public decimal? Budget { get; set; }
    public bool RunDirectly { get; set; }
    public DateTimeOffset? PhaseStartedAt { get; set; }
    public List<FarmWorker> Workers { get; set; } = [];
    public FarmTaskState[] TaskStates { get; set; } = [];
    public int[] TaskNodes { get; set; } = [];

    /// <summary>
    /// The money the budget controller keeps the whole farm within (sampling machines included): what was spent
    /// when execution began plus <see cref="Budget"/>. Set at the first execution step; null when no schedule runs.
    /// </summary>
    public decimal? ControlBudget { get; set; }

    /// <summary>When the controller last looked at the farm; it decides every <see cref="FarmControl.Interval"/>.</summary>
    public DateTimeOffset? ControlledAt { get; set; }
}

public sealed record FarmSample(int Task, int Type, double Seconds);

/// <summary>One worker node: its type, the last result sequence read from it, and whether it was lost.</summary>
public sealed class FarmWorker
{
    public int NodeId { get; set; }
    public int TypeIndex { get; set; }
    public long Sequence { get; set; }
    public bool Gone { get; set; }
    public int Failures { get; set; }
    public List<int> Outstanding { get; set; } = [];
    public int Done { get; set; }

    /// <summary>Sum of the runtimes of the tasks it finished (seconds, not divided by slots).</summary>
    public double BusySeconds { get; set; }

    /// <summary>Tasks the worker reported running, with when the portal first saw them run.</summary>
    public Dictionary<int, DateTimeOffset> RunningSince { get; set; } = [];

    /// <summary>Tasks it runs as tail-phase copies: the first copy to finish wins, the other is cancelled.</summary>
    public List<int> Replicas { get; set; } = [];

    /// <summary>A stop the controller planned (the end of a paid unit): it takes no task that would not end before.</summary>
    public DateTimeOffset? StopAt { get; set; }
}

/// <summary>One task's result as stored in <c>results.jsonl</c>; <paramref name="FinishedAt"/> by the worker's clock (absent in older files).</summary>
public sealed record FarmResult(int Task, int NodeId, int TypeIndex, int ExitCode, bool TimedOut, double Seconds, string Stdout, string Stderr, DateTimeOffset? FinishedAt = null);
