namespace ConPaaS.Agent.Roles.MySql;

/// <summary>How one run of a MariaDB tool (client, dump, admin) ended, with what it printed.</summary>
internal sealed record MySqlToolResult(int ExitCode, string Output, string Errors)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>The last lines of the error stream, short enough for a status detail or an exception message.</summary>
    public string ErrorTail(int maxChars = 600)
    {
        var text = (Errors.Length > 0 ? Errors : Output).Trim();
        return text.Length <= maxChars ? text : "…" + text[^maxChars..];
    }
}
