using System.Text.Json;
using ConPaaS.Agent.Hosting;
using ConPaaS.Domain.Agents;

namespace ConPaaS.Agent.Roles.MySql;

/// <summary>
/// What the master and the replica share: one MariaDB server under the role's folder, the role's state, and the
/// rule that a failure leaves the role <see cref="AgentRoleState.Failed"/> with a reason, the server stopped.
/// The registry serializes calls to one role, so no locking is needed here.
/// </summary>
public abstract class MySqlRoleBase : IAgentRole
{
    private readonly CancellationToken _agentStopping;
    // State and detail change together, in one write: a status read while a start fails (the caller polls when its
    // call times out) must not see "Failed" beside the detail of the step before.
    private volatile RoleProgress _progress = new(AgentRoleState.Unconfigured, null);

    private protected MySqlRoleBase(
        string name, bool writesBinlog, NodeFolders folders, AgentOptions options, WorkloadIdentity workload, IHostApplicationLifetime lifetime, ILogger logger)
    {
        Name = name;
        _agentStopping = lifetime.ApplicationStopping;
        Options = options;
        Logger = logger;
        Workload = workload;
        Server = new MariaDbServer(new MariaDbLayout(folders, name), workload, logger);
        LocalClient = new MariaDbLocalClient(Server.Layout, writesBinlog);
    }

    public string Name { get; }

    private protected AgentOptions Options { get; }

    private protected ILogger Logger { get; }

    /// <summary>Who the server and the clients that run the user's SQL run as.</summary>
    internal WorkloadIdentity Workload { get; }

    private protected MariaDbServer Server { get; }

    private protected MariaDbLocalClient LocalClient { get; }

    private protected bool IsConfigured => _progress.State != AgentRoleState.Unconfigured;

    internal MariaDbLayout Layout => Server.Layout;

    internal MariaDbLocalClient Client => LocalClient;

    /// <summary>True while the role should serve and its server does.</summary>
    internal bool IsServing => _progress.State == AgentRoleState.Running && Server.IsRunning;

    public async Task<RoleStatus> ConfigureAsync(JsonElement settings, CancellationToken cancellationToken)
    {
        if (settings.ValueKind != JsonValueKind.Object)
            throw new InvalidRoleSettingsException($"The {Name} role's settings must be a JSON object.");
        try
        {
            await ApplySettingsAsync(settings, cancellationToken);
        }
        catch (JsonException)
        {
            // The serializer's message may quote the offending value, which may be a password.
            throw new InvalidRoleSettingsException($"The {Name} role's settings do not have the expected shape.");
        }
        catch (MySqlRoleException exception)
        {
            // The running server refused the new settings; the old ones stay in force.
            throw new RoleStateConflictException(exception.Message);
        }
        if (_progress.State is AgentRoleState.Unconfigured)
            _progress = _progress with { State = AgentRoleState.Configured };
        Logger.LogInformation("Role {Role} configured", Name);
        return GetStatus();
    }

    /// <summary>
    /// Starts the server, seeding it first if needed. The caller hanging up does not cancel this (only the
    /// agent's own shutdown does): a replica's first copy can outlast any HTTP timeout, and a start abandoned
    /// half-way would only have to be redone. A caller that gave up polls the role's status instead, whose
    /// detail tells what the start is doing.
    /// </summary>
    public async Task<RoleStatus> StartAsync(CancellationToken cancellationToken)
    {
        if (_progress.State == AgentRoleState.Unconfigured)
            throw new RoleStateConflictException($"The {Name} role must be configured before it starts.");
        if (IsServing)
            return GetStatus();
        // A new attempt clears an earlier failure at once: a caller polling this start (or the client retrying
        // a start call that timed out) must not take the last attempt's Failed for this one's result.
        if (_progress.State == AgentRoleState.Failed)
            _progress = new(AgentRoleState.Stopped, null);
        try
        {
            await StartServerAsync(_agentStopping);
            _progress = new(AgentRoleState.Running, null);
            Logger.LogInformation("Role {Role} runs", Name);
        }
        catch (MySqlRoleException exception)
        {
            Logger.LogError("Role {Role} failed to start: {Reason}", Name, exception.Message);
            try
            {
                // The server goes before the failure is told: a caller polling this start takes Failed to mean
                // that nothing of it runs any more (a CI run saw the server's pid file beside Failed).
                await Server.StopAsync(CancellationToken.None);
            }
            finally
            {
                _progress = new(AgentRoleState.Failed, exception.Message);
            }
        }
        return GetStatus();
    }

    /// <summary>Stops replication (on a replica), then the server; bounded by the server's shutdown timeout, never cut short.</summary>
    public async Task<RoleStatus> StopAsync(CancellationToken cancellationToken)
    {
        if (Server.IsRunning)
        {
            try
            {
                await BeforeServerStopsAsync(CancellationToken.None);
            }
            catch (MySqlRoleException exception)
            {
                Logger.LogWarning("Role {Role}: {Reason}; stopping the server anyway", Name, exception.Message);
            }
            await Server.StopAsync(CancellationToken.None);
        }
        if (_progress.State is AgentRoleState.Running or AgentRoleState.Failed)
            _progress = new(AgentRoleState.Stopped, null);
        Logger.LogInformation("Role {Role} stopped", Name);
        return GetStatus();
    }

    /// <summary>A role that runs but whose server has died reports the failure and the server's last words.</summary>
    public RoleStatus GetStatus()
    {
        var progress = _progress;
        return progress.State == AgentRoleState.Running && !Server.IsRunning
            ? new RoleStatus(Name, AgentRoleState.Failed, $"MariaDB is not running: {Server.ErrorLogTail(400)}")
            : new RoleStatus(Name, progress.State, progress.Detail);
    }

    /// <summary>Throws <see cref="RoleStateConflictException"/> unless the role serves (for its operations).</summary>
    internal void EnsureServing()
    {
        if (!IsServing)
            throw new RoleStateConflictException($"The {Name} role does not run on this node.");
    }

    /// <summary>Reads and checks the settings; when the role runs, applies what can change without a restart.</summary>
    /// <exception cref="InvalidRoleSettingsException">The settings are unusable.</exception>
    private protected abstract Task ApplySettingsAsync(JsonElement settings, CancellationToken cancellationToken);

    /// <summary>Prepares, starts and sets up the server; a <see cref="MySqlRoleException"/> marks the role failed.</summary>
    private protected abstract Task StartServerAsync(CancellationToken cancellationToken);

    /// <summary>What a start is doing, shown in the status detail to a caller that polls.</summary>
    private protected void ReportProgress(string detail) => _progress = _progress with { Detail = detail };

    private sealed record RoleProgress(AgentRoleState State, string? Detail);

    private protected virtual Task BeforeServerStopsAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private protected MariaDbInstanceSettings InstanceSettings(int port, uint? serverId, bool readOnly) =>
        new(Options.Address, port, serverId ?? MySqlServerIds.Derive(Options.Address, Options.NodeId), readOnly);
}
