namespace ConPaaS.Agent.Roles.MySql;

/// <summary>The uploaded file is not something the <c>mariadb</c> client can run; answered with 400.</summary>
internal sealed class InvalidDumpException(string message) : Exception(message);
