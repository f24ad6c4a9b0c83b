using ConPaaS.Domain.Agents;

namespace ConPaaS.Agent.Roles;

/// <summary>The roles this agent knows, by name, each guarded so that its operations run one at a time.</summary>
public sealed class RoleRegistry
{
    private readonly Dictionary<string, (IAgentRole Role, SemaphoreSlim Gate)> _roles;

    public RoleRegistry(IEnumerable<IAgentRole> roles)
    {
        _roles = new Dictionary<string, (IAgentRole, SemaphoreSlim)>(StringComparer.OrdinalIgnoreCase);
        foreach (var role in roles)
        {
            if (!_roles.TryAdd(role.Name, (role, new SemaphoreSlim(1, 1))))
                throw new InvalidOperationException($"Two agent roles are named '{role.Name}'.");
        }
    }

    public IReadOnlyList<RoleStatus> Statuses() =>
        _roles.Values.Select(entry => entry.Role.GetStatus()).OrderBy(status => status.Name, StringComparer.Ordinal).ToList();

    public bool Exists(string name) => _roles.ContainsKey(name);

    public RoleStatus? Status(string name) => _roles.TryGetValue(name, out var entry) ? entry.Role.GetStatus() : null;

    /// <summary>Runs <paramref name="operation"/> on the named role once no other operation of it runs.</summary>
    public async Task<RoleStatus?> RunAsync(string name, Func<IAgentRole, Task<RoleStatus>> operation, CancellationToken cancellationToken)
    {
        if (!_roles.TryGetValue(name, out var entry))
            return null;
        await entry.Gate.WaitAsync(cancellationToken);
        try
        {
            return await operation(entry.Role);
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    public IEnumerable<string> Names => _roles.Keys;
}
