using ConPaaS.Domain.Contracts;
using Microsoft.Extensions.Configuration;

namespace ConPaaS.Infrastructure.Catalog;

/// <summary>The clouds an admin configured under <c>ConPaaS:Clouds</c>, as users see them (no settings, no secrets).</summary>
public sealed class CloudCatalog(IConfiguration configuration)
{
    public IReadOnlyList<CloudDto> List()
    {
        var clouds = configuration.GetSection("ConPaaS:Clouds").Get<List<CloudEntry>>() ?? [];
        return clouds.Select((c, i) => new CloudDto(
                c.Name, c.Driver, c.IsDefault ?? i == 0,
                (c.InstanceTypes ?? []).Select(t => new InstanceTypeDto(t.Name, t.PricePerHour)).ToList()))
            .ToList();
    }

    private sealed class CloudEntry
    {
        public string Name { get; set; } = "";
        public string Driver { get; set; } = "";
        public bool? IsDefault { get; set; }
        public List<InstanceTypeEntry>? InstanceTypes { get; set; }
    }

    private sealed class InstanceTypeEntry
    {
        public string Name { get; set; } = "";
        public decimal PricePerHour { get; set; }
    }
}
