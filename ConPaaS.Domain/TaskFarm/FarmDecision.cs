namespace ConPaaS.Domain.TaskFarm;

/// <summary>What the controller asks the portal to do; plain data so it can be stored, shown and carried out later.</summary>
public abstract record FarmDecision;

/// <summary>Start one more machine of a type.</summary>
public sealed record StartMachine(int TypeIndex) : FarmDecision;

/// <summary>Terminate a machine at <paramref name="At"/> (the end of a paid unit); a task still running then returns to the bag.</summary>
public sealed record StopMachine(string MachineId, double At) : FarmDecision;

/// <summary>Forget a planned stop: the machine is needed after all.</summary>
public sealed record CancelStop(string MachineId) : FarmDecision;

/// <summary>
/// Run a copy of a running task on a machine; whichever copy finishes first wins and the other is cancelled. An idle
/// machine starts the copy at once; a busy one runs it next, after its current task and before any task from the
/// bag, unless the task is done by then.
/// </summary>
public sealed record ReplicateTask(int TaskIndex, string MachineId) : FarmDecision;
