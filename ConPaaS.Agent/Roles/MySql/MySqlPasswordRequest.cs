namespace ConPaaS.Agent.Roles.MySql;

/// <summary>The body of <c>POST /mysql/password</c>: the admin account's new password.</summary>
public sealed class MySqlPasswordRequest
{
    public string Password { get; init; } = "";
}
