namespace ConPaaS.Agent.Roles;

/// <summary>The operation does not fit the role's state (start before configure); answered with 409.</summary>
public sealed class RoleStateConflictException(string message) : Exception(message);
