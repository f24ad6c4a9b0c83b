using ConPaaS.Domain.Nodes;
using ConPaaS.Domain.Services;
using ConPaaS.Infrastructure.Agents;
using ConPaaS.Infrastructure.Clouds;
using ConPaaS.Infrastructure.Data;
using ConPaaS.Infrastructure.Managers;
using Microsoft.Extensions.Logging;

namespace ConPaaS.Infrastructure.Services.TaskFarm;

/// <summary>
/// Starts and ends worker nodes for the farm, the way the operation runner does it for add/remove nodes, but
/// of a chosen instance type (an add-nodes operation has no type). The node record exists before the machine
/// and the machine is created under the record's id, so a retried step adopts instead of starting a second.
/// </summary>
public sealed class FarmWorkers(CloudRegistry clouds, IAgentClient agents, TaskFarmManager manager, TimeProvider clock, ILogger<FarmWorkers> logger)
{
    public static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(2);

    public async Task<Node> RecordAsync(PortalDbContext db, Service service, string cloud, string instanceType, CancellationToken ct)
    {
        var node = new Node(service.Id, service.ActiveOperationId ?? 0, ["worker"], cloud, instanceType, clock.GetUtcNow());
        db.Nodes.Add(node);
        await db.SaveChangesAsync(ct);
        return node;
    }

    /// <summary>Brings a recorded worker to Running with its role started; a failure marks it Failed.</summary>
    public async Task ProvisionAsync(PortalDbContext db, Service service, Node node, CancellationToken ct)
    {
        try
        {
            if (node.State == NodeState.Provisioning)
            {
                var created = await clouds.Get(node.Cloud).CreateNodesAsync([new NodeSpec(node.CloudNodeId, node.RoleList, node.InstanceType)], ct);
                var machine = created.Single();
                node.Started(machine.Address, machine.Port, machine.InstanceType, machine.StartedAt, clock.GetUtcNow());
                await db.SaveChangesAsync(ct);
            }
            if (node.State == NodeState.Starting)
            {
                var agent = ManagerContext.Endpoint(node);
                await agents.WaitUntilReadyAsync(agent, ReadyTimeout, ct);
                if (!node.Bootstrapped && !string.IsNullOrEmpty(service.StartupScript))
                {
                    var result = await agents.RunStartupScriptAsync(agent, service.StartupScript, ct);
                    if (result.ExitCode != 0)
                        throw new ManagerException($"The startup script exited with code {result.ExitCode} on node {node.Id}.");
                }
                node.MarkBootstrapped();
                var settings = System.Text.Json.JsonSerializer.SerializeToElement(manager.Settings(node.Cloud, node.InstanceType),
                    new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web));
                await agents.ConfigureRoleAsync(agent, AgentTaskFarmClient.WorkerRole, settings, ct);
                await agents.StartRoleAsync(agent, AgentTaskFarmClient.WorkerRole, ct);
                node.MarkRunning(clock.GetUtcNow());
                await db.SaveChangesAsync(ct);
            }
        }
        catch (Exception exception) when (exception is CloudException or AgentException or ManagerException)
        {
            logger.LogWarning(exception, "Worker node {NodeId} did not start", node.Id);
            node.MarkFailed($"Did not start: {exception.Message}", clock.GetUtcNow());
            await db.SaveChangesAsync(ct);
        }
    }

    /// <summary>Ends a worker: its machine goes, its record says when (the end of its billing).</summary>
    public async Task TerminateAsync(PortalDbContext db, Node node, CancellationToken ct)
    {
        if (node.State == NodeState.Terminated)
            return;
        try
        {
            await clouds.Get(node.Cloud).TerminateNodeAsync(node.CloudNodeId, ct);
        }
        catch (CloudException exception)
        {
            logger.LogWarning(exception, "Terminating worker node {NodeId} failed", node.Id);
            return;
        }
        node.MarkTerminated(clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
    }
}
