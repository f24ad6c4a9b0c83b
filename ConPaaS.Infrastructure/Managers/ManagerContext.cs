using ConPaaS.Domain.Nodes;
using ConPaaS.Domain.Services;
using ConPaaS.Infrastructure.Agents;

namespace ConPaaS.Infrastructure.Managers;

/// <summary>What a manager sees while it (re)configures a service: the service, its nodes, and the agents.</summary>
public sealed class ManagerContext(Service service, IReadOnlyList<Node> nodes, IAgentClient agents, IServiceProvider services)
{
    public Service Service { get; } = service;

    /// <summary>The nodes that will serve after this operation (running, with an address).</summary>
    public IReadOnlyList<Node> Nodes { get; } = nodes;

    public IAgentClient Agents { get; } = agents;

    /// <summary>For managers that need more of the portal (repositories, other services' addresses).</summary>
    public IServiceProvider Services { get; } = services;

    /// <summary>Where a long step reports how far it is (the operation's progress bar); silent when nobody listens.</summary>
    public OperationProgress Progress { get; init; } = (_, _, _) => Task.CompletedTask;

    public IEnumerable<Node> WithRole(string role) => Nodes.Where(n => n.HasRole(role));

    public static AgentEndpoint Endpoint(Node node) =>
        new(node.CloudNodeId, node.Address ?? throw new InvalidOperationException($"Node {node.Id} has no address yet."), node.Port ?? 0);
}
