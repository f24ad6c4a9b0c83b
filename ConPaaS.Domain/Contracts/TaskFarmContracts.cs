namespace ConPaaS.Domain.Contracts;

// ---- Between the portal and a node's taskfarm-worker role ----

/// <summary>Settings of <c>taskfarm-worker</c>: how many tasks run at once and how long one may take.</summary>
public sealed record WorkerRoleSettings(int Slots, int TimeoutSeconds);

/// <summary>One task for a worker: the bag's task index and its shell command.</summary>
public sealed record WorkerTask(int Id, string Command);

public sealed record WorkerSubmitRequest(IReadOnlyList<WorkerTask> Tasks);

/// <summary>
/// How one task ended on a worker. <paramref name="Sequence"/> grows by one per result, so the portal asks for
/// results after the last one it saw and a lost answer is simply asked for again.
/// </summary>
public sealed record WorkerTaskResult(
    long Sequence, int Id, int ExitCode, double Seconds, bool TimedOut, string StdoutTail, string StderrTail, DateTimeOffset FinishedAt);

/// <summary>Results after a sequence number, and what the worker holds now.</summary>
public sealed record WorkerResults(IReadOnlyList<WorkerTaskResult> Results, IReadOnlyList<int> Running, int Queued, int Slots);

// ---- The portal's API ----

/// <summary>Choose what to run: a budget (the fastest schedule within it), or run a too-small bag directly.</summary>
public sealed record TaskFarmExecuteRequest(decimal? Budget, bool RunDirectly = false);

/// <summary>One schedule of the time/cost front: machines per type, expected and upper makespan and cost.</summary>
public sealed record TaskFarmScheduleDto(
    int Index, IReadOnlyList<int> Machines, double ExpectedSeconds, double UpperSeconds, decimal ExpectedCost, decimal UpperCost, string Marks);

public sealed record TaskFarmTypeDto(string Name, decimal PricePerHour, int Slots, int MaxMachines);

/// <summary>The schedules offered once sampling is done (empty before).</summary>
public sealed record TaskFarmSchedulesDto(string Phase, IReadOnlyList<TaskFarmTypeDto> Types, IReadOnlyList<TaskFarmScheduleDto> Schedules, int? Chosen);

/// <summary>A worker machine of the farm: its node, type, state and how much it did.</summary>
public sealed record TaskFarmWorkerDto(
    int NodeId, string InstanceType, string State, int TasksDone, int TasksRunning, DateTimeOffset? StartedAt, DateTimeOffset? TerminatedAt, decimal Cost);

/// <summary>A task that did not succeed (non-zero exit or timeout), with the end of its output.</summary>
public sealed record TaskFarmFailedTaskDto(int Task, int Line, string Command, int ExitCode, bool TimedOut, string Stdout, string Stderr);

/// <summary>
/// Where the farm is. <paramref name="Phase"/>: Empty, TooSmall, Sampling, Ready, Executing, Done or Failed.
/// <paramref name="MoneySpent"/> is every started hour of every worker at its type's price.
/// <paramref name="PhaseStartedAt"/> is when the farm entered its phase: for Done, when the last task's result came in.
/// <paramref name="SpentBeforeExecution"/> is what was spent when the chosen schedule began (sampling's machines); the
/// <paramref name="Budget"/> bounds what execution spends beyond it, so MoneySpent − SpentBeforeExecution ≤ Budget.
/// </summary>
public sealed record TaskFarmProgressDto(
    string Phase, bool Demo, string? Message, int TaskCount, int SampleSize, int Sampled, int SampleTarget,
    int Completed, int Failed, int Running, decimal MoneySpent, double? SecondsLeft, decimal? CostLeft, decimal? Budget,
    IReadOnlyList<TaskFarmWorkerDto> Workers, IReadOnlyList<TaskFarmFailedTaskDto> FailedTasks, DateTimeOffset? PhaseStartedAt = null,
    decimal? SpentBeforeExecution = null);

/// <summary>A finished task's result, for <c>GET .../outputs</c>; <paramref name="FinishedAt"/> by the worker's clock.</summary>
public sealed record TaskFarmOutputDto(
    int Task, int Line, string Command, int ExitCode, bool TimedOut, double Seconds, int NodeId, string Stdout, string Stderr, DateTimeOffset? FinishedAt = null);
