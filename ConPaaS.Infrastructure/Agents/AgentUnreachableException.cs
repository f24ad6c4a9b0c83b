namespace ConPaaS.Infrastructure.Agents;

/// <summary>
/// The agent could not be reached in time (connection refused, no route, timeouts), retries included. The
/// node may still be starting, or be gone: the caller decides whether to wait longer or replace it.
/// </summary>
public sealed class AgentUnreachableException(string nodeId, string message, Exception? inner = null)
    : AgentException(nodeId, message, inner);
