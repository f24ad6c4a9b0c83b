using ConPaaS.Domain.Agents;

namespace ConPaaS.Agent.Roles.MySql;

/// <summary>
/// The node's two mysql roles, for their operations beyond configure/start/stop. Each operation runs under the
/// role's gate in the <see cref="RoleRegistry"/>, so a dump never loads while the server stops.
/// </summary>
internal sealed class MySqlRoles(RoleRegistry registry, IEnumerable<IAgentRole> roles)
{
    public MySqlMasterRole Master { get; } = roles.OfType<MySqlMasterRole>().Single();

    public MySqlSlaveRole Slave { get; } = roles.OfType<MySqlSlaveRole>().Single();

    /// <summary>Whichever role serves on this node (a node plays one of them), or null.</summary>
    public MySqlRoleBase? Serving => Master.IsServing ? Master : Slave.IsServing ? Slave : null;

    /// <summary>Runs <paramref name="operation"/> on <paramref name="role"/> once no other operation of it runs.</summary>
    public async Task<T> RunAsync<T>(MySqlRoleBase role, Func<Task<T>> operation, CancellationToken cancellationToken)
    {
        T result = default!;
        await registry.RunAsync(role.Name, async _ =>
        {
            role.EnsureServing();
            result = await operation();
            return role.GetStatus();
        }, cancellationToken);
        return result;
    }

    public Task<RoleStatus> RunAsync(MySqlRoleBase role, Func<Task> operation, CancellationToken cancellationToken) =>
        RunAsync(role, async () =>
        {
            await operation();
            return role.GetStatus();
        }, cancellationToken);
}
