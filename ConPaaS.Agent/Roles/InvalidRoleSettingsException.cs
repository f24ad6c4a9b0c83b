namespace ConPaaS.Agent.Roles;

/// <summary>The manager sent settings a role cannot use; answered with 400 and this message.</summary>
public sealed class InvalidRoleSettingsException(string message) : Exception(message);
