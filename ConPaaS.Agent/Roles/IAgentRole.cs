using System.Text.Json;
using ConPaaS.Domain.Agents;

namespace ConPaaS.Agent.Roles;

/// <summary>
/// One role a node can play (php backend, mysql master, …): a new service type adds one class that implements
/// this and registers it with <see cref="AgentRoleRegistration.AddAgentRole{TRole}"/>. Calls to one role never
/// overlap (the registry serializes them), so an implementation needs no locking of its own.
/// </summary>
public interface IAgentRole
{
    /// <summary>The role's name on the wire, as the service type's catalogue names it (e.g. <c>backend</c>).</summary>
    string Name { get; }

    /// <summary>Applies settings sent by the manager; may be called again to reconfigure a running role.</summary>
    /// <exception cref="InvalidRoleSettingsException">The settings are unusable.</exception>
    Task<RoleStatus> ConfigureAsync(JsonElement settings, CancellationToken cancellationToken);

    /// <exception cref="RoleStateConflictException">The role cannot start in its current state.</exception>
    Task<RoleStatus> StartAsync(CancellationToken cancellationToken);

    /// <summary>Stops the role; stopping a role that does not run is not an error.</summary>
    Task<RoleStatus> StopAsync(CancellationToken cancellationToken);

    RoleStatus GetStatus();
}
