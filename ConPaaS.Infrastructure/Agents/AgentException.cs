namespace ConPaaS.Infrastructure.Agents;

/// <summary>A call to a node's agent did not succeed. Messages name the node, never a secret.</summary>
public abstract class AgentException(string nodeId, string message, Exception? inner)
    : Exception(message, inner)
{
    public string NodeId { get; } = nodeId;
}
