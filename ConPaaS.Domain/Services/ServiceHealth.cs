using ConPaaS.Domain.Nodes;

namespace ConPaaS.Domain.Services;

public enum ServiceHealthStatus
{
    Healthy,
    Degraded,
    Down,
}

/// <summary>
/// Whether a running service serves, beside its state: <c>Healthy</c>; <c>Degraded</c> while some nodes failed
/// and the rest carry on; <c>Down</c> when every node failed or every node of a role it cannot do without (the
/// mysql master, the php proxy) did. A service that does not run has no health.
/// </summary>
public sealed record ServiceHealth(ServiceHealthStatus Status, string? Reason)
{
    public static ServiceHealth? Of(ServiceState state, IReadOnlyList<Node> nodes, IReadOnlyList<string> essentialRoles)
    {
        if (state is not (ServiceState.Running or ServiceState.Adapting or ServiceState.Error))
            return null;
        var live = nodes.Where(n => n.State is NodeState.Running or NodeState.Failed).ToList();
        var failed = live.Where(n => n.State == NodeState.Failed).ToList();
        if (live.Count == 0)
            return state == ServiceState.Running ? new(ServiceHealthStatus.Down, "no node runs") : null;
        foreach (var role in essentialRoles)
        {
            var carriers = live.Where(n => n.HasRole(role)).ToList();
            if (carriers.Count > 0 && carriers.All(n => n.State == NodeState.Failed))
                return new(ServiceHealthStatus.Down, $"the {role} is unreachable ({Describe(carriers[0])})");
        }
        if (failed.Count == live.Count)
            return new(ServiceHealthStatus.Down, $"all {live.Count} node(s) failed ({Describe(failed[0])})");
        if (failed.Count > 0)
            return new(ServiceHealthStatus.Degraded, $"{failed.Count} of {live.Count} nodes failed ({string.Join("; ", failed.Select(Describe))})");
        return new(ServiceHealthStatus.Healthy, null);
    }

    private static string Describe(Node node) => node.StateReason is { Length: > 0 } reason ? $"node-{node.Id}: {reason}" : $"node-{node.Id}";
}
