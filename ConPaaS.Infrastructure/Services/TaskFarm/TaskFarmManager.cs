using System.Text.Json;
using ConPaaS.Domain.Contracts;
using ConPaaS.Domain.Errors;
using ConPaaS.Domain.Nodes;
using ConPaaS.Domain.Services;
using ConPaaS.Infrastructure.Managers;

namespace ConPaaS.Infrastructure.Services.TaskFarm;

/// <summary>
/// The taskfarm type: no nodes at start (the schedule decides how many of which type), role <c>worker</c>
/// played by the agent role <c>taskfarm-worker</c>, configured with its instance type's slots. The farm
/// engine adds and removes the workers itself; a worker added by hand gets the same settings.
/// </summary>
public sealed class TaskFarmManager(FarmTypes types, FarmOutputs outputs) : ServiceManager
{
    public override ServiceType Type { get; } = ServiceTypeCatalog.Get("taskfarm");

    public override IReadOnlyList<IReadOnlyList<string>> InitialNodes => [];

    public override void EnsureRemovable(IReadOnlyList<Node> liveNodes, IReadOnlyList<Node> leaving)
    {
        // Unlike a web service, a farm may go down to no workers: its tasks wait for the next ones.
        if (leaving.Any(n => !liveNodes.Contains(n)))
            throw new ConflictException("Only live workers can be removed.");
    }

    /// <summary>Workers taken out of service by hand or by a stop of the service first send their outputs (decision 008).</summary>
    public override async Task RetireAsync(ManagerContext context, IReadOnlyList<Node> leaving, CancellationToken cancellationToken)
    {
        await Task.WhenAll(leaving.Select(node => outputs.CollectAsync(node, cancellationToken)));
        await base.RetireAsync(context, leaving, cancellationToken);
    }

    protected override JsonElement RoleSettings(ManagerContext context, Node node, string role) =>
        JsonSerializer.SerializeToElement(Settings(node.Cloud, node.InstanceType), new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public WorkerRoleSettings Settings(string cloud, string instanceType) =>
        new(types.For(cloud).FirstOrDefault(t => t.Name == instanceType)?.Slots ?? 1, types.TimeoutSeconds);
}
