namespace ConPaaS.Domain.Operations;

/// <summary>The manager operations of the seed that change a service: startup, shutdown, add_nodes, remove_nodes; and the long service-specific ones (load_dump).</summary>
public enum OperationKind
{
    Start,
    Stop,
    AddNodes,
    RemoveNodes,
    ReplaceNode,
    ActivateVersion,
    LoadDump,
}
