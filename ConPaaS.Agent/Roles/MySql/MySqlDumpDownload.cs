namespace ConPaaS.Agent.Roles.MySql;

/// <summary>
/// Streams a dump of the user databases (<c>mariadb-dump --single-transaction</c>: one consistent snapshot,
/// no lock held on InnoDB tables) straight from the tool to the response. The mysql schema is left out, so the
/// file loads into another service without replacing its accounts. Nothing is committed to the response
/// until the tool has produced its first bytes; a failure after that aborts the connection, so the caller
/// never mistakes a truncated dump for a whole one.
/// </summary>
internal static class MySqlDumpDownload
{
    private const string UserDatabasesQuery =
        "SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA "
        + "WHERE SCHEMA_NAME NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys') ORDER BY SCHEMA_NAME;";

    public static async Task<IResult> WriteAsync(HttpContext context, MariaDbLocalClient client, ILogger logger, CancellationToken cancellationToken)
    {
        var databases = (await client.QueryAsync(UserDatabasesQuery, cancellationToken)).Select(row => row["name"]!).ToList();
        context.Response.ContentType = "application/sql; charset=utf-8";
        context.Response.Headers.ContentDisposition = "attachment; filename=\"dump.sql\"";
        if (databases.Count == 0)
        {
            await context.Response.WriteAsync("-- The service has no databases yet.\n", cancellationToken);
            return Results.Empty;
        }

        string[] options = ["--single-transaction", "--routines", "--events", "--triggers", "--hex-blob", "--max-allowed-packet=64M", "--databases"];
        using var dump = MySqlTools.Start(MySqlTools.StartInfo(MySqlTools.Dump, client.ConnectionArguments([.. options, .. databases])));
        var errors = dump.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            var output = dump.StandardOutput.BaseStream;
            var buffer = new byte[64 * 1024];
            var read = await output.ReadAsync(buffer, cancellationToken);
            if (read == 0)
            {
                await dump.WaitForExitAsync(cancellationToken);
                if (dump.ExitCode != 0)
                    throw new MySqlRoleException($"mariadb-dump failed: {new MySqlToolResult(dump.ExitCode, "", await errors).ErrorTail()}");
                return Results.Empty;
            }
            await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            await output.CopyToAsync(context.Response.Body, cancellationToken);
            await dump.WaitForExitAsync(cancellationToken);
            if (dump.ExitCode != 0)
            {
                // Too late for an error status: the caller learns of the failure from the aborted connection, and
                // the reason (e.g. DDL running during the snapshot) goes to the node's log.
                logger.LogWarning("mariadb-dump failed half-way; the download was aborted: {Reason}",
                    new MySqlToolResult(dump.ExitCode, "", await errors).ErrorTail());
                context.Abort();
            }
            return Results.Empty;
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException)
        {
            // The caller went away: the dump has no one left to write to.
            MySqlTools.KillQuietly(dump);
            throw;
        }
    }
}
