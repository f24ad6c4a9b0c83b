using ConPaaS.Domain.Agents;

namespace ConPaaS.Agent.Roles;

/// <summary>When the agent is asked to stop (SIGTERM at node termination), stops its running roles first.</summary>
public sealed class RoleShutdown(RoleRegistry roles, ILogger<RoleShutdown> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var status in roles.Statuses().Where(status => status.State == AgentRoleState.Running))
        {
            try
            {
                await roles.RunAsync(status.Name, role => role.StopAsync(cancellationToken), cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "Role {Role} did not stop cleanly", status.Name);
            }
        }
    }
}
