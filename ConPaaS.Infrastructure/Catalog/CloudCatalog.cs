using ConPaaS.Domain.Contracts;
using ConPaaS.Infrastructure.Clouds;

namespace ConPaaS.Infrastructure.Catalog;

/// <summary>The configured clouds as users see them: names, drivers and prices, never their settings or secrets.</summary>
public sealed class CloudCatalog(CloudRegistry clouds)
{
    public IReadOnlyList<CloudDto> List() =>
        clouds.All.Select(cloud => new CloudDto(
                cloud.Name, cloud.Driver, ReferenceEquals(cloud, clouds.Default),
                cloud.InstanceTypes.Select(t => new InstanceTypeDto(t.Name, t.PricePerHour)).ToList()))
            .ToList();
}
