using System.Text.Json;
using ConPaaS.Agent.Hosting;
using ConPaaS.Domain.Agents;
using ConPaaS.Domain.Contracts;

namespace ConPaaS.Agent.Roles.TaskFarm;

/// <summary>
/// The <c>taskfarm-worker</c> role: runs the tasks the portal hands it, <c>slots</c> at a time, under
/// <c>&lt;data&gt;/roles/taskfarm-worker/tasks/</c>. Settings: <c>{"slots": 1–64, "timeoutSeconds": 1–86400}</c>.
/// Stopping kills running tasks; the portal re-queues whatever a stopped or lost worker did not report.
/// </summary>
public sealed class TaskFarmWorkerRole(NodeFolders folders, WorkloadIdentity workload, ILogger<TaskFarmWorkerRole> logger) : IAgentRole
{
    public const string RoleName = "taskfarm-worker";

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private AgentRoleState _state = AgentRoleState.Unconfigured;
    private WorkerRoleSettings? _settings;

    public string Name => RoleName;

    /// <summary>The running task runner; null unless the role runs.</summary>
    public TaskRunner? Runner { get; private set; }

    public Task<RoleStatus> ConfigureAsync(JsonElement settings, CancellationToken cancellationToken)
    {
        WorkerRoleSettings? parsed;
        try
        {
            parsed = settings.Deserialize<WorkerRoleSettings>(Web);
        }
        catch (JsonException exception)
        {
            throw new InvalidRoleSettingsException($"The taskfarm worker's settings are not readable: {exception.Message}");
        }
        if (parsed is null || parsed.Slots is < 1 or > 64 || parsed.TimeoutSeconds is < 1 or > 86_400)
            throw new InvalidRoleSettingsException("The taskfarm worker needs slots 1–64 and timeoutSeconds 1–86400.");
        // New settings apply at the next start; a running worker keeps its slots so no task is cut off.
        _settings = parsed;
        if (_state != AgentRoleState.Running)
            _state = AgentRoleState.Configured;
        return Task.FromResult(GetStatus());
    }

    public Task<RoleStatus> StartAsync(CancellationToken cancellationToken)
    {
        if (_settings is null)
            throw new RoleStateConflictException("The taskfarm worker must be configured before it starts.");
        if (Runner is null)
        {
            Runner = new TaskRunner(folders.RoleDirectory(RoleName), _settings.Slots, TimeSpan.FromSeconds(_settings.TimeoutSeconds), workload, logger);
            Runner.Start();
            logger.LogInformation("Taskfarm worker runs {Slots} task(s) at a time", _settings.Slots);
        }
        _state = AgentRoleState.Running;
        return Task.FromResult(GetStatus());
    }

    public async Task<RoleStatus> StopAsync(CancellationToken cancellationToken)
    {
        if (Runner is { } runner)
        {
            Runner = null;
            await runner.DisposeAsync();
        }
        if (_state is AgentRoleState.Running)
            _state = AgentRoleState.Stopped;
        return GetStatus();
    }

    public RoleStatus GetStatus() => new(Name, _state, Runner is null ? null : $"{Runner.Slots} slot(s)");
}
