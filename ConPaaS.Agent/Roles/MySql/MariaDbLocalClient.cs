namespace ConPaaS.Agent.Roles.MySql;

/// <summary>
/// The agent's own way into its server: the <c>mariadb</c> client as root through the Unix socket, which the
/// server authenticates by the OS user (unix_socket), so no password exists for it anywhere. SQL goes on
/// standard input, never on the command line.
/// </summary>
internal sealed class MariaDbLocalClient(MariaDbLayout layout)
{
    public IReadOnlyList<string> Arguments(params string[] more) =>
        ["--no-defaults", $"--socket={layout.Socket}", "--user=root", .. more];

    /// <summary>
    /// Runs statements and fails on the first error. <paramref name="carriesSecret"/> keeps the server's words
    /// out of the exception, since a syntax error quotes the statement, and with it a password hash or a password.
    /// </summary>
    public async Task ExecuteAsync(string sql, CancellationToken cancellationToken, bool carriesSecret = false)
    {
        var result = await MySqlTools.RunSqlAsync(MySqlTools.Client, Arguments("--batch"), sql, cancellationToken);
        if (!result.Succeeded)
            throw new MySqlRoleException(carriesSecret
                ? $"A statement failed on the local server (exit code {result.ExitCode}); see the node's MariaDB log."
                : $"A statement failed on the local server: {result.ErrorTail()}");
    }

    /// <summary>The rows of one query, each a map from column name to value (null for SQL NULL).</summary>
    public async Task<IReadOnlyList<IReadOnlyDictionary<string, string?>>> QueryAsync(string sql, CancellationToken cancellationToken)
    {
        var result = await MySqlTools.RunSqlAsync(MySqlTools.Client, Arguments("--batch"), sql, cancellationToken);
        if (!result.Succeeded)
            throw new MySqlRoleException($"A query failed on the local server: {result.ErrorTail()}");
        return MySqlBatchOutput.Parse(result.Output);
    }
}
