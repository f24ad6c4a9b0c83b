using ConPaaS.Infrastructure.Clouds;

namespace ConPaaS.Infrastructure.Credits;

/// <summary>
/// Prices from the clouds' instance types, the same list the TaskFarm plans with. A node recorded without a
/// type ran on its cloud's first (default) type.
/// </summary>
public sealed class CloudPrices(CloudRegistry clouds) : IInstancePrices
{
    public decimal? PricePerHour(string cloud, string instanceType)
    {
        var found = clouds.All.FirstOrDefault(c => string.Equals(c.Name, cloud, StringComparison.OrdinalIgnoreCase));
        if (found is null || found.InstanceTypes.Count == 0)
            return null;
        var type = string.IsNullOrEmpty(instanceType)
            ? found.InstanceTypes[0]
            : found.InstanceTypes.FirstOrDefault(t => string.Equals(t.Name, instanceType, StringComparison.OrdinalIgnoreCase));
        return type?.PricePerHour;
    }
}
