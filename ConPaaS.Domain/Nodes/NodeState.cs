namespace ConPaaS.Domain.Nodes;

/// <summary>Provisioning → Starting → Running → Stopping → Terminated, and Failed.</summary>
public enum NodeState
{
    Provisioning,
    Starting,
    Running,
    Stopping,
    Terminated,
    Failed,
}
