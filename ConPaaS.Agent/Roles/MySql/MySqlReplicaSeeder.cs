using System.Globalization;

namespace ConPaaS.Agent.Roles.MySql;

/// <summary>
/// Fills a new replica from a consistent snapshot of the master: <c>mariadb-dump --single-transaction
/// --master-data=1 --gtid --all-databases</c> piped straight into the local server. The dump carries the
/// master's accounts and ends with <c>SET GLOBAL gtid_slave_pos</c>, the exact point replication resumes from.
/// It is loaded with the replica's binary log off, so the replica's own GTID history stays the master's.
/// </summary>
internal sealed class MySqlReplicaSeeder(MariaDbLayout layout, MariaDbLocalClient localClient)
{
    public async Task SeedAsync(MySqlSlaveSettings settings, CancellationToken cancellationToken)
    {
        // The master's credentials reach mariadb-dump in an option file only the agent can read, never in argv.
        var optionFile = Path.Combine(layout.PrivateDirectory, $"seed-{Guid.NewGuid():N}.cnf");
        await MySqlOptionFile.WriteAsync(optionFile,
        [
            new("user", settings.ReplicationUser),
            new("password", settings.ReplicationPassword),
            new("host", settings.MasterAddress),
            new("port", settings.MasterPort.ToString(CultureInfo.InvariantCulture)),
        ], readBy: null, cancellationToken);
        try
        {
            await CopyAsync(optionFile, cancellationToken);
        }
        finally
        {
            File.Delete(optionFile);
        }
    }

    private async Task CopyAsync(string optionFile, CancellationToken cancellationToken)
    {
        MySqlToolResult? dumped = null;
        // The copy is the master's data, the user's included: the client runs it with its own commands disabled.
        var loaded = await MySqlTools.RunAsync(MySqlTools.Client,
            localClient.ClientArguments([.. MySqlTools.SandboxArguments]),
            async (stdin, token) => dumped = await DumpIntoAsync(optionFile, stdin, token),
            cancellationToken);
        if (dumped is { Succeeded: false })
            throw new MySqlRoleException($"Could not copy the master's data: {dumped.ErrorTail()}");
        if (!loaded.Succeeded)
            throw new MySqlRoleException($"Could not load the master's data into the replica: {loaded.ErrorTail()}");
        // The copied mysql schema holds the master's accounts; the server reads them only when told to.
        await localClient.ExecuteAsync("FLUSH PRIVILEGES;", cancellationToken);
    }

    private static async Task<MySqlToolResult> DumpIntoAsync(string optionFile, Stream destination, CancellationToken cancellationToken)
    {
        using var dump = MySqlTools.Start(MySqlTools.StartInfo(MySqlTools.Dump,
        [
            $"--defaults-file={optionFile}",
            "--single-transaction",
            "--master-data=1",
            "--gtid",
            "--all-databases",
            "--routines",
            "--events",
            "--triggers",
            "--max-allowed-packet=64M",
        ]));
        var errors = dump.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await dump.StandardOutput.BaseStream.CopyToAsync(destination, cancellationToken);
            await dump.WaitForExitAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException)
        {
            // The loading side gave up (its error says why) or the start was cancelled: the dump must not linger.
            MySqlTools.KillQuietly(dump);
            throw;
        }
        return new MySqlToolResult(dump.ExitCode, "", await errors);
    }
}
