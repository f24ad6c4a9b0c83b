namespace ConPaaS.Agent.Roles.MySql;

/// <summary>
/// MariaDB could not do what a mysql role asked of it. The message is meant for a person (it becomes the role's
/// status detail) and never carries a password.
/// </summary>
internal sealed class MySqlRoleException(string message) : Exception(message);
