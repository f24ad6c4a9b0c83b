namespace ConPaaS.Domain.Agents;

/// <summary>
/// The answer to the original's <c>check_agent_process</c>: the agent is alive, which node it is, which
/// roles it carries and in what state, which build runs, and for how long.
/// </summary>
public sealed record AgentStatus(
    bool Alive,
    string NodeId,
    string AgentVersion,
    DateTimeOffset StartedAt,
    double UptimeSeconds,
    IReadOnlyList<RoleStatus> Roles);
