using ConPaaS.Infrastructure.Agents;
using ConPaaS.Infrastructure.Clouds.Ec2;
using ConPaaS.Infrastructure.Clouds.Local;
using ConPaaS.Infrastructure.Clouds.OpenNebula;
using ConPaaS.Infrastructure.Clouds.Stored;
using ConPaaS.Infrastructure.Clouds.Vm;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConPaaS.Infrastructure.Clouds;

/// <summary>
/// The clouds by name, each built once by its driver; the portal's way to an <see cref="ICloud"/>. Two kinds:
/// those of <c>ConPaaS:Clouds</c> (fixed while the portal runs) and those an admin added on the portal
/// (read from the database on first use, replaced when the admin edits them).
/// </summary>
public sealed class CloudRegistry
{
    public static readonly IReadOnlyList<string> Drivers = [LocalCloud.DriverName, Ec2Cloud.DriverName, OpenNebulaCloud.DriverName];

    private readonly IReadOnlyList<ICloud> _configured;
    private readonly IStoredCloudSource? _storedSource;
    private readonly NodeBootstrapFactory _bootstrap;
    private readonly VmCloudServices _vmServices;
    private readonly ILoggerFactory _loggers;
    private readonly TimeProvider _time;
    private readonly ILogger<CloudRegistry> _logger;
    private readonly Lock _gate = new();
    private Dictionary<string, ICloud>? _stored;

    public CloudRegistry(
        IOptions<CloudsOptions> options, NodeBootstrapFactory bootstrap, AgentPackage package, IAgentClient agents, ILoggerFactory loggers, TimeProvider time,
        IEnumerable<IStoredCloudSource> storedSources)
    {
        _bootstrap = bootstrap;
        _loggers = loggers;
        _time = time;
        _logger = loggers.CreateLogger<CloudRegistry>();
        _vmServices = new VmCloudServices(bootstrap, package, agents, options.Value.PublicUrl, loggers, time);
        _storedSource = storedSources.LastOrDefault();
        var configured = options.Value.Clouds;
        _configured = configured.Select(BuildConfigured).ToList();
        var defaultIndex = configured.FindIndex(cloud => cloud.IsDefault);
        Default = _configured[Math.Max(defaultIndex, 0)];
    }

    /// <summary>The configured clouds first, then the stored ones by name.</summary>
    public IReadOnlyList<ICloud> All => [.. _configured, .. Stored().Values.OrderBy(cloud => cloud.Name, StringComparer.OrdinalIgnoreCase)];

    /// <summary>The cloud used when a request names none: always one of the configured clouds.</summary>
    public ICloud Default { get; }

    /// <summary>The named cloud, or the default one for a null name.</summary>
    /// <exception cref="CloudException">No cloud has that name.</exception>
    public ICloud Get(string? name) =>
        name is null ? Default
        : _configured.FirstOrDefault(cloud => string.Equals(cloud.Name, name, StringComparison.OrdinalIgnoreCase))
          ?? (Stored().TryGetValue(name, out var stored) ? stored : throw new CloudException(name, $"There is no cloud named '{name}'."));

    /// <summary>True for a cloud of <c>ConPaaS:Clouds</c>, which only appsettings can change.</summary>
    public bool IsConfigured(string name) => _configured.Any(cloud => string.Equals(cloud.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Builds a cloud from its settings; throws <see cref="ArgumentException"/> naming what is missing or wrong.</summary>
    public ICloud Build(CloudOptions cloud) =>
        cloud.Driver.ToLowerInvariant() switch
        {
            LocalCloud.DriverName => new LocalCloud(cloud, _bootstrap, _loggers.CreateLogger<LocalCloud>(), _time),
            Ec2Cloud.DriverName => new Ec2Cloud(cloud, _vmServices),
            OpenNebulaCloud.DriverName => new OpenNebulaCloud(cloud, _vmServices),
            _ => throw new ArgumentException(
                $"The cloud '{cloud.Name}' names an unknown driver '{cloud.Driver}' (known: {string.Join(", ", Drivers)}).", nameof(cloud)),
        };

    /// <summary>A wrong entry of <c>ConPaaS:Clouds</c> stops the portal at start, naming what to fix.</summary>
    private ICloud BuildConfigured(CloudOptions cloud)
    {
        try
        {
            return Build(cloud);
        }
        catch (ArgumentException exception)
        {
            throw new InvalidOperationException($"ConPaaS:Clouds: {exception.Message}", exception);
        }
    }

    /// <summary>Puts a stored cloud in place (new or edited), or takes it away (null), after the database changed.</summary>
    internal void SetStored(string name, ICloud? cloud)
    {
        lock (_gate)
        {
            var stored = new Dictionary<string, ICloud>(Stored(), StringComparer.OrdinalIgnoreCase);
            if (cloud is null)
                stored.Remove(name);
            else
                stored[name] = cloud;
            _stored = stored;
        }
    }

    /// <summary>
    /// The stored clouds, read once. Until the database can be read (its migrations not yet applied at start-up),
    /// there are none, and the next call tries again. A stored cloud that no longer builds is left out and logged.
    /// </summary>
    private Dictionary<string, ICloud> Stored()
    {
        if (_stored is { } loaded)
            return loaded;
        if (_storedSource is null)
            return _stored = new Dictionary<string, ICloud>(StringComparer.OrdinalIgnoreCase);
        lock (_gate)
        {
            if (_stored is not null)
                return _stored;
            IReadOnlyList<CloudOptions> definitions;
            try
            {
                definitions = _storedSource.Load();
            }
            catch (Exception exception)
            {
                _logger.LogWarning(exception, "The clouds added on the portal cannot be read yet");
                return new Dictionary<string, ICloud>(StringComparer.OrdinalIgnoreCase);
            }
            var clouds = new Dictionary<string, ICloud>(StringComparer.OrdinalIgnoreCase);
            foreach (var definition in definitions.Where(definition => !IsConfigured(definition.Name)))
            {
                try
                {
                    clouds[definition.Name] = Build(definition);
                }
                catch (ArgumentException exception)
                {
                    _logger.LogError("The stored cloud {Cloud} cannot be used: {Reason}", definition.Name, exception.Message);
                }
            }
            return _stored = clouds;
        }
    }
}
