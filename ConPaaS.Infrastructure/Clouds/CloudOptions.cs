using ConPaaS.Infrastructure.Clouds.Ec2;
using ConPaaS.Infrastructure.Clouds.Local;
using ConPaaS.Infrastructure.Clouds.OpenNebula;

namespace ConPaaS.Infrastructure.Clouds;

/// <summary>
/// One entry of <c>ConPaaS:Clouds</c>: a named cloud, its driver, its instance types with hourly prices, and
/// the settings of its driver (one property per driver, e.g. <see cref="Local"/>).
/// </summary>
public sealed class CloudOptions
{
    public string Name { get; set; } = "";

    /// <summary><c>local</c> (the default), <c>ec2</c> or <c>opennebula</c>.</summary>
    public string Driver { get; set; } = LocalCloud.DriverName;

    /// <summary>The cloud used when a request names none. When no cloud says so, the first one is.</summary>
    public bool IsDefault { get; set; }

    public List<InstanceTypeOptions> InstanceTypes { get; set; } = [];

    /// <summary>The settings of the <c>local</c> driver.</summary>
    public LocalCloudOptions Local { get; set; } = new();

    /// <summary>The settings of the <c>ec2</c> driver.</summary>
    public Ec2CloudOptions Ec2 { get; set; } = new();

    /// <summary>The settings of the <c>opennebula</c> driver.</summary>
    public OpenNebulaCloudOptions OpenNebula { get; set; } = new();
}
