namespace ConPaaS.Domain.Operations;

/// <summary>The manager operations of the seed that change a service: startup, shutdown, add_nodes, remove_nodes.</summary>
public enum OperationKind
{
    Start,
    Stop,
    AddNodes,
    RemoveNodes,
    ReplaceNode,
    ActivateVersion,
}
