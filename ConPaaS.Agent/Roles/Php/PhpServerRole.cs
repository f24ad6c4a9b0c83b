using System.Net;
using System.Text.Json;
using ConPaaS.Agent.Code;
using ConPaaS.Domain.Agents;

namespace ConPaaS.Agent.Roles.Php;

/// <summary>
/// What the three php roles share: settings become a server configuration, tested before it replaces the
/// old one; while the role runs, a new configuration (another code version, other backends or web servers)
/// is applied with the server's graceful reload, so no request fails; the code version it serves becomes the
/// node's active one only once the server serves it.
/// </summary>
internal abstract class PhpServerRole<TSettings, TServer>(TServer server, CodeStore code, ILogger logger) : IAgentRole
    where TSettings : class
    where TServer : ManagedServer
{
    private AgentRoleState _state = AgentRoleState.Unconfigured;
    private string? _detail;
    private string? _version;

    public abstract string Name { get; }

    /// <summary>The server, for tests and diagnostics.</summary>
    public TServer Server => server;

    protected CodeStore Code => code;

    protected abstract TSettings Read(JsonElement settings);

    /// <exception cref="InvalidRoleSettingsException">The settings cannot be served.</exception>
    /// <exception cref="CodeVersionNotFoundException">The settings name a version this node does not have.</exception>
    protected abstract RenderedServerConfig Render(TSettings settings);

    public async Task<RoleStatus> ConfigureAsync(JsonElement settings, CancellationToken cancellationToken)
    {
        RenderedServerConfig rendered;
        try
        {
            rendered = Render(Read(settings));
        }
        catch (CodeVersionNotFoundException exception)
        {
            throw new InvalidRoleSettingsException(exception.Message);
        }
        // A reload closes idle keep-alive connections and empties php-fpm's warm workers: skip it when the
        // manager re-sends what already runs (it re-configures every role on every change of the service).
        if (_state == AgentRoleState.Running && rendered.Version == _version && server.Runs(rendered.Text))
            return GetStatus();
        await server.WriteConfigAsync(rendered.Text, rendered.Endpoint, cancellationToken);
        _version = rendered.Version;
        if (_state == AgentRoleState.Running)
            await ApplyWhileRunningAsync(cancellationToken);
        else
            (_state, _detail) = (AgentRoleState.Configured, null);
        logger.LogInformation("{Role} configured (code version {Version})", Name, _version ?? "none");
        return GetStatus();
    }

    public async Task<RoleStatus> StartAsync(CancellationToken cancellationToken)
    {
        if (_state == AgentRoleState.Unconfigured)
            throw new RoleStateConflictException($"{Name} must be configured before it starts.");
        try
        {
            await server.StartAsync(cancellationToken);
            await ActivateVersionAsync(cancellationToken);
            (_state, _detail) = (AgentRoleState.Running, null);
        }
        catch (ServerStartException exception)
        {
            (_state, _detail) = (AgentRoleState.Failed, exception.Message);
            logger.LogWarning("{Role} did not start: {Reason}", Name, exception.Message);
        }
        return GetStatus();
    }

    public async Task<RoleStatus> StopAsync(CancellationToken cancellationToken)
    {
        await server.StopAsync(cancellationToken);
        if (_state != AgentRoleState.Unconfigured)
            (_state, _detail) = (AgentRoleState.Stopped, null);
        return GetStatus();
    }

    public RoleStatus GetStatus()
    {
        if (_state == AgentRoleState.Running && server.WhyNotServing() is { } reason)
            return new RoleStatus(Name, AgentRoleState.Failed, reason);
        return new RoleStatus(Name, _state, _detail);
    }

    protected IPEndPoint Listen(AgentOptions options, int port) => new(IPAddress.Parse(options.Address), port);

    /// <summary>A running server reloads; one that died meanwhile is started again with the new configuration.</summary>
    private async Task ApplyWhileRunningAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (server.RunningPid is null)
                await server.StartAsync(cancellationToken);
            else
                await server.ReloadAsync(cancellationToken);
            await ActivateVersionAsync(cancellationToken);
            _detail = null;
        }
        catch (ServerStartException exception)
        {
            (_state, _detail) = (AgentRoleState.Failed, exception.Message);
            logger.LogWarning("{Role} did not take its new configuration: {Reason}", Name, exception.Message);
        }
    }

    private async Task ActivateVersionAsync(CancellationToken cancellationToken)
    {
        if (_version is not null)
            await code.ActivateAsync(_version, cancellationToken);
    }
}
