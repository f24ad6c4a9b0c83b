namespace ConPaaS.Domain.Agents;

/// <summary>One role on a node and its state; <paramref name="Detail"/> explains a failure to a person.</summary>
public sealed record RoleStatus(string Name, AgentRoleState State, string? Detail = null);
