using ConPaaS.Infrastructure.Agents;

namespace ConPaaS.Infrastructure.Clouds;

/// <summary>A node a cloud runs: where its agent answers, what it carries, and since when (for billing).</summary>
public sealed record CloudNode(
    string NodeId,
    string CloudName,
    string Address,
    int Port,
    IReadOnlyList<string> Roles,
    string InstanceType,
    DateTimeOffset StartedAt)
{
    /// <summary>What the agent client needs to call this node's agent.</summary>
    public AgentEndpoint Agent => new(NodeId, Address, Port);
}
