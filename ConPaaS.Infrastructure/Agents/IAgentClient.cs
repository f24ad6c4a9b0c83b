using System.Text.Json;
using ConPaaS.Domain.Agents;

namespace ConPaaS.Infrastructure.Agents;

/// <summary>
/// The one way the portal talks to node agents: JSON over HTTPS, presenting the portal's manager certificate,
/// trusting an agent only when its certificate is of our CA and names the expected node. Transient failures
/// are retried; what remains surfaces as <see cref="AgentUnreachableException"/> or
/// <see cref="AgentCallFailedException"/>.
/// </summary>
public interface IAgentClient
{
    /// <summary>The original's <c>check_agent_process</c>.</summary>
    Task<AgentStatus> GetStatusAsync(AgentEndpoint agent, CancellationToken cancellationToken = default);

    /// <summary>Asks a starting agent until it answers or <paramref name="timeout"/> passes (then unreachable).</summary>
    Task<AgentStatus> WaitUntilReadyAsync(AgentEndpoint agent, TimeSpan timeout, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<RoleStatus>> ListRolesAsync(AgentEndpoint agent, CancellationToken cancellationToken = default);

    Task<RoleStatus> GetRoleAsync(AgentEndpoint agent, string role, CancellationToken cancellationToken = default);

    /// <summary>Sends a role its settings; idempotent, so it is retried like a read.</summary>
    Task<RoleStatus> ConfigureRoleAsync(AgentEndpoint agent, string role, JsonElement settings, CancellationToken cancellationToken = default);

    Task<RoleStatus> StartRoleAsync(AgentEndpoint agent, string role, CancellationToken cancellationToken = default);

    Task<RoleStatus> StopRoleAsync(AgentEndpoint agent, string role, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<AgentLogFile>> ListLogsAsync(AgentEndpoint agent, CancellationToken cancellationToken = default);

    /// <summary>The last <paramref name="lines"/> lines of one of the node's log files.</summary>
    Task<AgentLogContent> ReadLogTailAsync(AgentEndpoint agent, string fileName, int lines, CancellationToken cancellationToken = default);

    /// <summary>A byte range of one of the node's log files (at most 1 MiB per call).</summary>
    Task<AgentLogContent> ReadLogAsync(AgentEndpoint agent, string fileName, long offset, long length, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs the node's startup script (replacing it first when <paramref name="script"/> is given) and returns
    /// its exit code; the output is in the node's <c>startup.log</c>. Retried only when it never reached the agent.
    /// </summary>
    Task<StartupScriptResult> RunStartupScriptAsync(AgentEndpoint agent, string? script = null, CancellationToken cancellationToken = default);
}
