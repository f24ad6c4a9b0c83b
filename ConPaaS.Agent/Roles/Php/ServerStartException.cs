namespace ConPaaS.Agent.Roles.Php;

/// <summary>A server did not come up; the message (shown as the role's detail) says why, from its error log.</summary>
internal sealed class ServerStartException(string message) : Exception(message);
