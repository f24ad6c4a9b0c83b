namespace ConPaaS.Domain.Operations;

/// <summary>
/// One change of a service in progress or done, with its step and progress persisted, so a portal restart
/// resumes it and a page shows where it is. Hangfire only executes it; this record is the truth.
/// </summary>
public sealed class Operation
{
    private Operation() { }

    public Operation(int serviceId, OperationKind kind, string? role, int count, string? cloud, int? nodeId, DateTimeOffset now)
    {
        ServiceId = serviceId;
        Kind = kind;
        Role = role;
        Count = count;
        Cloud = cloud;
        NodeId = nodeId;
        Status = OperationStatus.Pending;
        Step = "Queued";
        CreatedAt = now;
        UpdatedAt = now;
    }

    public int Id { get; private set; }
    public int ServiceId { get; private set; }
    public OperationKind Kind { get; private set; }
    public string? Role { get; private set; }
    public int Count { get; private set; }
    public string? Cloud { get; private set; }

    /// <summary>For removing (or replacing) one particular node.</summary>
    public int? NodeId { get; private set; }

    /// <summary>For activating a code version.</summary>
    public string? Version { get; private set; }

    public static Operation Activate(int serviceId, string version, DateTimeOffset now) =>
        new(serviceId, OperationKind.ActivateVersion, null, 0, null, null, now) { Version = version };

    /// <summary>
    /// What the operation consumes that the request brought: for <see cref="OperationKind.LoadDump"/> the file
    /// name of the uploaded dump, kept in the portal's data folder until the load ends, so a restart resumes it.
    /// </summary>
    public string? Input { get; private set; }

    public static Operation LoadDump(int serviceId, string uploadName, DateTimeOffset now) =>
        new(serviceId, OperationKind.LoadDump, null, 0, null, null, now) { Input = uploadName };

    public OperationStatus Status { get; private set; }

    /// <summary>What is happening now, in words for the user ("Starting 3 nodes").</summary>
    public string Step { get; private set; } = "";

    public int Done { get; private set; }
    public int Total { get; private set; }
    public string? Error { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public DateTimeOffset? FinishedAt { get; private set; }

    public bool IsActive => Status is OperationStatus.Pending or OperationStatus.Running;

    /// <summary>The runner that works on the operation now; its lease is renewed while it lives.</summary>
    public Guid? RunnerId { get; private set; }

    public DateTimeOffset? LeaseUntil { get; private set; }

    /// <summary>
    /// Claims the operation for a runner unless another one holds a live lease: one operation is worked by
    /// one runner at a time, even when Hangfire hands the job out twice or a restart re-enqueues it.
    /// </summary>
    public bool TryLease(Guid runner, DateTimeOffset now, TimeSpan duration)
    {
        if (RunnerId is { } holder && holder != runner && LeaseUntil > now)
            return false;
        RunnerId = runner;
        LeaseUntil = now + duration;
        return true;
    }

    public void Progress(string step, int done, int total, DateTimeOffset now)
    {
        Status = OperationStatus.Running;
        Step = step;
        Done = done;
        Total = total;
        UpdatedAt = now;
    }

    public void Succeed(DateTimeOffset now)
    {
        Status = OperationStatus.Succeeded;
        Step = "Done";
        Done = Total;
        UpdatedAt = now;
        FinishedAt = now;
    }

    public void Fail(string error, DateTimeOffset now)
    {
        Status = OperationStatus.Failed;
        Error = error;
        UpdatedAt = now;
        FinishedAt = now;
    }

    /// <summary>
    /// Whether the operation works on the data of running nodes without adding, removing or reconfiguring any
    /// (load_dump): its failure is the user's input failing, not the service, which keeps running.
    /// </summary>
    public bool LeavesNodesAlone => Kind is OperationKind.LoadDump;

    public string Describe() => Kind switch
    {
        OperationKind.Start => "Start the service",
        OperationKind.Stop => "Stop the service",
        OperationKind.AddNodes => $"Add {Count} {Role} node(s)",
        OperationKind.RemoveNodes => NodeId is { } id ? $"Remove node {id}" : $"Remove {Count} {Role} node(s)",
        OperationKind.ReplaceNode => $"Replace failed node {NodeId}",
        OperationKind.ActivateVersion => $"Activate code version {Version}",
        OperationKind.LoadDump => "Load a database dump",
        _ => Kind.ToString(),
    };
}
