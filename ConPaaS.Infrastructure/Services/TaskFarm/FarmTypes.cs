using ConPaaS.Domain.Contracts;
using ConPaaS.Domain.TaskFarm;
using ConPaaS.Infrastructure.Clouds;
using Microsoft.Extensions.Configuration;

namespace ConPaaS.Infrastructure.Services.TaskFarm;

/// <summary>
/// The machine types a farm may use: the cloud's instance types with their prices, how many tasks a node of
/// each runs at once (<c>Slots</c> beside the type in configuration, 1 when absent) and how many of each a
/// schedule may use (<c>ConPaaS:TaskFarm:MaxMachinesPerType</c>, 2 by default, and never more than the cloud
/// can hold at once: the local cloud's capacity over the type's size).
/// </summary>
public sealed class FarmTypes(CloudRegistry clouds, IConfiguration configuration)
{
    public int TimeoutSeconds => configuration.GetValue("ConPaaS:TaskFarm:TaskTimeoutSeconds", 3600);

    public List<TaskFarmTypeDto> For(string? cloudName)
    {
        var cloud = clouds.Get(cloudName);
        var max = configuration.GetValue("ConPaaS:TaskFarm:MaxMachinesPerType", 2);
        var section = configuration.GetSection("ConPaaS:Clouds").GetChildren()
            .FirstOrDefault(c => string.Equals(c["Name"], cloud.Name, StringComparison.Ordinal));
        return cloud.InstanceTypes.Select(t =>
        {
            var slots = section?.GetSection("InstanceTypes").GetChildren()
                .FirstOrDefault(c => c["Name"] == t.Name)?.GetValue<int?>("Slots") ?? 1;
            // A schedule may not ask for more machines of a type than the cloud can hold at once.
            var held = cloud.MaxNodesOf(t.Name) is { } limit ? Math.Max(0, Math.Min(max, limit)) : max;
            return new TaskFarmTypeDto(t.Name, t.PricePerHour, Math.Max(1, slots), held);
        }).ToList();
    }

    public static List<MachineType> Machines(IEnumerable<TaskFarmTypeDto> types) =>
        types.Select(t => MachineType.Hourly(t.Name, t.PricePerHour, t.MaxMachines)).ToList();
}
