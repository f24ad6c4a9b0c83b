namespace ConPaaS.Agent.Roles.MySql;

/// <summary>
/// The agent's own way into its server: the <c>mariadb</c> client as root through the Unix socket, which the
/// server authenticates by the OS user (unix_socket), so no password exists for it anywhere. SQL goes on
/// standard input, never on the command line.
/// </summary>
/// <param name="writesBinlog">
/// False on a replica: what the agent itself runs there (the seed, FLUSH, CHANGE MASTER) must stay out of its
/// binary log, where it would take GTIDs of the replica's own and, with gtid_strict_mode, stop replication
/// at the master's next transaction.
/// </param>
internal sealed class MariaDbLocalClient(MariaDbLayout layout, bool writesBinlog)
{
    /// <summary>How any MariaDB tool (the client, mariadb-dump) reaches the local server as root.</summary>
    public IReadOnlyList<string> ConnectionArguments(params string[] more) =>
        ["--no-defaults", $"--socket={layout.Socket}", "--user=root", .. more];

    /// <summary>The arguments of the <c>mariadb</c> client for a session of the agent's.</summary>
    public IReadOnlyList<string> ClientArguments(params string[] more) =>
        writesBinlog
            ? ConnectionArguments(["--batch", .. more])
            : ConnectionArguments(["--batch", "--init-command=SET SESSION sql_log_bin=0", .. more]);

    /// <summary>
    /// Runs statements and fails on the first error. <paramref name="carriesSecret"/> keeps the server's words
    /// out of the exception, since a syntax error quotes the statement, and with it a password hash or a password.
    /// </summary>
    public async Task ExecuteAsync(string sql, CancellationToken cancellationToken, bool carriesSecret = false)
    {
        var result = await MySqlTools.RunSqlAsync(MySqlTools.Client, ClientArguments(), sql, cancellationToken);
        if (!result.Succeeded)
            throw new MySqlRoleException(carriesSecret
                ? $"A statement failed on the local server (exit code {result.ExitCode}); see the node's MariaDB log."
                : $"A statement failed on the local server: {result.ErrorTail()}");
    }

    /// <summary>The rows of one query, each a map from column name to value (null for SQL NULL).</summary>
    public async Task<IReadOnlyList<IReadOnlyDictionary<string, string?>>> QueryAsync(string sql, CancellationToken cancellationToken)
    {
        var result = await MySqlTools.RunSqlAsync(MySqlTools.Client, ClientArguments(), sql, cancellationToken);
        if (!result.Succeeded)
            throw new MySqlRoleException($"A query failed on the local server: {result.ErrorTail()}");
        return MySqlBatchOutput.Parse(result.Output);
    }
}
