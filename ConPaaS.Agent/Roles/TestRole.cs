using System.Text.Json;
using ConPaaS.Domain.Agents;

namespace ConPaaS.Agent.Roles;

/// <summary>
/// A role that does nothing but remember: it writes the settings it receives to
/// <c>&lt;data&gt;/roles/test/settings.json</c> and reports its state, so that the agent machinery (and a
/// manager) can be exercised before real services exist. <c>{"failOnStart": true}</c> makes it fail to start.
/// </summary>
public sealed class TestRole(NodeFolders folders, ILogger<TestRole> logger) : IAgentRole
{
    public const string RoleName = "test";

    private AgentRoleState _state = AgentRoleState.Unconfigured;
    private string? _detail;
    private bool _failOnStart;

    public string Name => RoleName;

    public string SettingsPath => Path.Combine(folders.RoleDirectory(RoleName), "settings.json");

    public async Task<RoleStatus> ConfigureAsync(JsonElement settings, CancellationToken cancellationToken)
    {
        if (settings.ValueKind != JsonValueKind.Object)
            throw new InvalidRoleSettingsException("The test role's settings must be a JSON object.");
        _failOnStart = settings.TryGetProperty("failOnStart", out var fail) && fail.ValueKind == JsonValueKind.True;
        await File.WriteAllTextAsync(SettingsPath, settings.GetRawText(), cancellationToken);
        if (_state != AgentRoleState.Running)
            _state = AgentRoleState.Configured;
        _detail = null;
        logger.LogInformation("Test role configured");
        return GetStatus();
    }

    public Task<RoleStatus> StartAsync(CancellationToken cancellationToken)
    {
        if (_state == AgentRoleState.Unconfigured)
            throw new RoleStateConflictException("The test role must be configured before it starts.");
        if (_failOnStart)
            (_state, _detail) = (AgentRoleState.Failed, "Asked to fail on start.");
        else
            (_state, _detail) = (AgentRoleState.Running, null);
        logger.LogInformation("Test role start: {State}", _state);
        return Task.FromResult(GetStatus());
    }

    public Task<RoleStatus> StopAsync(CancellationToken cancellationToken)
    {
        if (_state is AgentRoleState.Running or AgentRoleState.Failed)
            (_state, _detail) = (AgentRoleState.Stopped, null);
        logger.LogInformation("Test role stop: {State}", _state);
        return Task.FromResult(GetStatus());
    }

    public RoleStatus GetStatus() => new(Name, _state, _detail);
}
