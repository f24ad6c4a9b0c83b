using ConPaaS.Domain.Operations;
using System.Text.Json;
using ConPaaS.Domain.Errors;
using ConPaaS.Domain.Nodes;
using ConPaaS.Domain.Services;

namespace ConPaaS.Infrastructure.Managers;

/// <summary>
/// The manager of one service type, as in the original: it decides which nodes a service needs and how
/// their roles are configured; the operation runner does the provisioning around it. A new service type is
/// one subclass of this plus one agent role per service role.
/// </summary>
public abstract class ServiceManager
{
    public abstract ServiceType Type { get; }

    /// <summary>The roles of the nodes a new service starts with: by default one node carrying all roles.</summary>
    public virtual IReadOnlyList<IReadOnlyList<string>> InitialNodes => [Type.Roles];

    /// <summary>The agent role that plays a service role on a node (roles of different types share names).</summary>
    public virtual string AgentRole(string role) => $"{Type.Key}-{role}";

    /// <summary>Refuses a removal that would break the service (e.g. the last proxy, the mysql master).</summary>
    public virtual void EnsureRemovable(IReadOnlyList<Node> liveNodes, IReadOnlyList<Node> leaving)
    {
        if (leaving.Count >= liveNodes.Count)
            throw new ConflictException("A running service keeps at least one node; stop the service to remove them all.");
    }

    /// <summary>
    /// Moves roles between nodes after nodes were added or before some leave (the original's php packs roles
    /// onto the proxy node when alone). Changes <see cref="Node.Roles"/>; by default nothing moves.
    /// </summary>
    public virtual void Arrange(IReadOnlyList<Node> nodes) { }

    /// <summary>
    /// What the application's other services see of this one in their environment (the original gave startup
    /// scripts <c>MYSQL_IP</c> and the like): e.g. <c>MYSQL_HOST</c>. Empty by default.
    /// </summary>
    public virtual IReadOnlyDictionary<string, string> ExportedEnvironment(Service service, IReadOnlyList<Node> nodes) =>
        new Dictionary<string, string>();

    /// <summary>How a client connects to the service (a database's host, port and user); null when not applicable.</summary>
    public virtual Domain.Contracts.ServiceAccessDto? Access(IReadOnlyList<Node> nodes) => null;

    /// <summary>Where users reach the service, when it serves the web; null otherwise.</summary>
    public virtual string? PublicUrl(IReadOnlyList<Node> nodes) => null;

    /// <summary>Whether a failed node may be replaced by a fresh one (not where the node held the only copy of data).</summary>
    public virtual bool CanReplace(Node failed) => true;

    /// <summary>Roles the service cannot serve without: when every node of one failed, the service is Down.</summary>
    public virtual IReadOnlyList<string> EssentialRoles => [];

    /// <summary>
    /// Carries out an operation that only this type has (mysql's load_dump) on the running nodes in
    /// <paramref name="context"/>. It must resume where it was when run again after a restart. None by default.
    /// </summary>
    public virtual Task RunOwnOperationAsync(ManagerContext context, Operation operation, OperationProgress progress, CancellationToken cancellationToken) =>
        throw new ManagerException($"A {Type.Key} service has no operation '{operation.Describe()}'.");

    /// <summary>The settings one role on one node receives; by default an empty object.</summary>
    protected virtual JsonElement RoleSettings(ManagerContext context, Node node, string role) =>
        JsonSerializer.SerializeToElement(new { service = context.Service.Id, node = node.Id });

    /// <summary>
    /// Brings every node's roles in line with the service: configure, then start. Called after nodes were
    /// added (new nodes first get traffic here, once their roles run) and after nodes left. Idempotent.
    /// </summary>
    public virtual async Task ConfigureAsync(ManagerContext context, CancellationToken cancellationToken)
    {
        foreach (var node in context.Nodes)
        {
            var agent = ManagerContext.Endpoint(node);
            foreach (var role in node.RoleList)
            {
                var agentRole = AgentRole(role);
                await ConfigureAndStartAsync(context, node, agentRole, RoleSettings(context, node, role), cancellationToken);
            }
        }
    }

    /// <summary>Sends a role its settings and starts it unless it already runs (then the settings were reloaded).</summary>
    protected static async Task ConfigureAndStartAsync(ManagerContext context, Node node, string agentRole, JsonElement settings, CancellationToken cancellationToken)
    {
        var agent = ManagerContext.Endpoint(node);
        var status = await context.Agents.ConfigureRoleAsync(agent, agentRole, settings, cancellationToken);
        if (status.State != Domain.Agents.AgentRoleState.Running)
        {
            try
            {
                status = await context.Agents.StartRoleAsync(agent, agentRole, cancellationToken);
            }
            catch (Agents.AgentUnreachableException)
            {
                // A long start (a replica copying a large database) outlasts one call; the agent finishes it anyway.
                status = await WaitForStartAsync(context, agent, agentRole, cancellationToken);
            }
        }
        if (status.State != Domain.Agents.AgentRoleState.Running)
            throw new ManagerException($"Role {agentRole} did not start on node {node.Id}: {status.Detail ?? status.State.ToString()}");
    }

    private static async Task<Domain.Agents.RoleStatus> WaitForStartAsync(
        ManagerContext context, Agents.AgentEndpoint agent, string agentRole, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + RoleStartPatience;
        while (true)
        {
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            var status = await context.Agents.GetRoleAsync(agent, agentRole, cancellationToken);
            if (status.State is Domain.Agents.AgentRoleState.Running or Domain.Agents.AgentRoleState.Failed || DateTime.UtcNow > deadline)
                return status;
        }
    }

    /// <summary>How long a role may take to start after its start call timed out.</summary>
    public static readonly TimeSpan RoleStartPatience = TimeSpan.FromMinutes(30);

    /// <summary>Takes leaving nodes out of service before they are terminated (drain, stop roles).</summary>
    public virtual async Task RetireAsync(ManagerContext context, IReadOnlyList<Node> leaving, CancellationToken cancellationToken)
    {
        foreach (var node in leaving.Where(n => n.Address is not null))
        {
            foreach (var role in node.RoleList)
            {
                try
                {
                    await context.Agents.StopRoleAsync(ManagerContext.Endpoint(node), AgentRole(role), cancellationToken);
                }
                catch (Agents.AgentException)
                {
                    // A node that no longer answers has nothing left to stop; terminating it is what matters.
                }
            }
        }
    }
}
