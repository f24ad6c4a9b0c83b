namespace ConPaaS.Domain.Nodes;

/// <summary>
/// A machine of a service in some cloud, running our agent for one or more roles. The record exists before
/// the machine does, so a provisioning step that is retried after a crash finds it and never starts a second.
/// </summary>
public sealed class Node
{
    private Node() { }

    public Node(int serviceId, int operationId, IEnumerable<string> roles, string cloud, string? instanceType, DateTimeOffset now)
    {
        ServiceId = serviceId;
        OperationId = operationId;
        Roles = string.Join(',', roles);
        Cloud = cloud;
        InstanceType = instanceType ?? "";
        State = NodeState.Provisioning;
        CreatedAt = now;
        StateChangedAt = now;
    }

    public int Id { get; private set; }
    public int ServiceId { get; private set; }

    /// <summary>The operation that created the node: a resumed operation finds its nodes by this.</summary>
    public int OperationId { get; private set; }

    /// <summary>The startup script ran (once per node, before its roles start).</summary>
    public bool Bootstrapped { get; private set; }

    /// <summary>Comma-separated service roles (e.g. <c>proxy,web,backend</c>).</summary>
    public string Roles { get; private set; } = "";

    public string Cloud { get; private set; } = "";
    public string InstanceType { get; private set; } = "";
    public string? Address { get; private set; }
    public int? Port { get; private set; }
    public NodeState State { get; private set; }
    public string? StateReason { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset StateChangedAt { get; private set; }

    /// <summary>When the machine started: every started hour from here is billed.</summary>
    public DateTimeOffset? StartedAt { get; private set; }

    public DateTimeOffset? TerminatedAt { get; private set; }

    /// <summary>The id clouds and agents know this node by; stable and unique in the installation.</summary>
    public string CloudNodeId => $"node-{Id}";

    public IReadOnlyList<string> RoleList => Roles.Split(',', StringSplitOptions.RemoveEmptyEntries);

    public bool HasRole(string role) => RoleList.Contains(role, StringComparer.Ordinal);

    public bool IsLive => State is NodeState.Provisioning or NodeState.Starting or NodeState.Running or NodeState.Failed;

    public void SetRoles(IEnumerable<string> roles) => Roles = string.Join(',', roles);

    public void Started(string address, int port, string instanceType, DateTimeOffset startedAt, DateTimeOffset now)
    {
        Address = address;
        Port = port;
        InstanceType = instanceType;
        StartedAt ??= startedAt;
        Move(NodeState.Starting, now);
    }

    public void MarkBootstrapped() => Bootstrapped = true;

    public void MarkRunning(DateTimeOffset now) => Move(NodeState.Running, now);

    public void MarkStopping(DateTimeOffset now) => Move(NodeState.Stopping, now);

    public void MarkFailed(string reason, DateTimeOffset now)
    {
        if (State is NodeState.Terminated)
            return;
        Move(NodeState.Failed, now, reason);
    }

    public void MarkTerminated(DateTimeOffset now, string? reason = null)
    {
        TerminatedAt ??= now;
        Move(NodeState.Terminated, now, reason ?? StateReason);
    }

    private void Move(NodeState next, DateTimeOffset now, string? reason = null)
    {
        if (State == next && reason == StateReason)
            return;
        State = next;
        StateReason = reason;
        StateChangedAt = now;
    }
}
