namespace ConPaaS.Domain.Agents;

/// <summary>One log file in the node's log folder.</summary>
public sealed record AgentLogFile(string Name, long Length, DateTimeOffset LastWriteTime);
