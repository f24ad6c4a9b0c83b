using ConPaaS.Infrastructure.Agents;
using ConPaaS.Infrastructure.Clouds.Ec2;
using ConPaaS.Infrastructure.Clouds.Local;
using ConPaaS.Infrastructure.Clouds.OpenNebula;
using ConPaaS.Infrastructure.Clouds.Vm;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConPaaS.Infrastructure.Clouds;

/// <summary>The configured clouds by name, each built once by its driver; the portal's way to an <see cref="ICloud"/>.</summary>
public sealed class CloudRegistry
{
    private readonly Dictionary<string, ICloud> _byName;

    public CloudRegistry(
        IOptions<CloudsOptions> options, NodeBootstrapFactory bootstrap, AgentPackage package, IAgentClient agents, ILoggerFactory loggers, TimeProvider time)
    {
        var configured = options.Value.Clouds;
        var vmServices = new VmCloudServices(bootstrap, package, agents, options.Value.PublicUrl, loggers, time);
        All = configured.Select(cloud => Build(cloud, bootstrap, vmServices, loggers, time)).ToList();
        _byName = All.ToDictionary(cloud => cloud.Name, StringComparer.OrdinalIgnoreCase);
        var defaultIndex = configured.FindIndex(cloud => cloud.IsDefault);
        Default = All[Math.Max(defaultIndex, 0)];
    }

    public IReadOnlyList<ICloud> All { get; }

    /// <summary>The cloud used when a request names none.</summary>
    public ICloud Default { get; }

    /// <summary>The named cloud, or the default one for a null name.</summary>
    /// <exception cref="CloudException">No cloud has that name.</exception>
    public ICloud Get(string? name) =>
        name is null ? Default
        : _byName.TryGetValue(name, out var cloud) ? cloud
        : throw new CloudException(name, $"There is no cloud named '{name}'.");

    private static ICloud Build(CloudOptions cloud, NodeBootstrapFactory bootstrap, VmCloudServices vmServices, ILoggerFactory loggers, TimeProvider time) =>
        cloud.Driver.ToLowerInvariant() switch
        {
            LocalCloud.DriverName => new LocalCloud(cloud, bootstrap, loggers.CreateLogger<LocalCloud>(), time),
            Ec2Cloud.DriverName => new Ec2Cloud(cloud, vmServices),
            OpenNebulaCloud.DriverName => new OpenNebulaCloud(cloud, vmServices),
            _ => throw new InvalidOperationException(
                $"The cloud '{cloud.Name}' names an unknown driver '{cloud.Driver}' (known: {LocalCloud.DriverName}, {Ec2Cloud.DriverName}, {OpenNebulaCloud.DriverName})."),
        };
}
