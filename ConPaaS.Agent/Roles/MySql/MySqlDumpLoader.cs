using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ConPaaS.Agent.Hosting;
using ConPaaS.Domain.MySql;

namespace ConPaaS.Agent.Roles.MySql;

/// <summary>
/// Runs an SQL file through the <c>mariadb</c> client on the local server, the way an administrator would
/// (<c>mariadb &lt; dump.sql</c>): statements run one by one, each committed, up to the first error, which is
/// reported with its statement number, its line and the server's message. The server keeps running whatever
/// the file holds. Only SQL: a dump with commands of the client itself (<c>system</c>, <c>source</c>, …) is
/// refused before any of it runs (<see cref="RefuseClientCommandsAsync"/>).
/// </summary>
internal static partial class MySqlDumpLoader
{
    private const int MaxStatementChars = 300;
    private const int BufferSize = 128 * 1024;

    /// <summary>
    /// Refuses a dump that holds a command of the <c>mariadb</c> client (a shell command, another file to read, a
    /// file to write), naming its line: the client would run it on the node. Found where the client finds them,
    /// outside quotes and comments (<see cref="SqlClientCommands"/>).
    /// </summary>
    /// <exception cref="InvalidDumpException">The dump holds such a command.</exception>
    public static async Task RefuseClientCommandsAsync(string sqlPath, CancellationToken cancellationToken)
    {
        using var sql = new StreamReader(sqlPath, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        if (await SqlClientCommands.FindAsync(sql, cancellationToken) is { } found)
            throw new InvalidDumpException($"Line {found.Line}: the dump contains a client command (\"{found.Command}\"); a dump may contain SQL only.");
    }

    /// <summary>
    /// Loads the file with the <c>mariadb</c> client given <paramref name="arguments"/> (how it logs in), run as
    /// <paramref name="runAs"/>; <paramref name="progress"/> hears how many bytes the server has been given so far.
    /// </summary>
    public static async Task<MySqlDumpLoadResult> LoadAsync(
        IReadOnlyList<string> arguments, WorkloadIdentity? runAs, string sqlPath, long bytes, Action<long> progress, CancellationToken cancellationToken)
    {
        // What the dump's own SELECTs print is of no use: keep only a little of it.
        var result = await MySqlTools.RunAsync(MySqlTools.Client, arguments, async (stdin, token) =>
        {
            await using var file = File.OpenRead(sqlPath);
            var buffer = new byte[BufferSize];
            long fed = 0;
            int read;
            while ((read = await file.ReadAsync(buffer, token)) > 0)
            {
                await stdin.WriteAsync(buffer.AsMemory(0, read), token);
                progress(fed += read);
            }
        }, cancellationToken, outputLimit: 4096, runAs: runAs);
        if (result.Succeeded)
            return new MySqlDumpLoadResult(true, bytes);
        var failure = DescribeFailure(result, bytes);
        if (failure.Line is not { } line)
            return failure;
        using var sql = new StreamReader(sqlPath, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return failure with { StatementNumber = await SqlStatementCounter.StatementStartingAtAsync(sql, line, cancellationToken) };
    }

    /// <summary>
    /// The client writes the failing statement between two lines of dashes, then
    /// <c>ERROR 1064 (42000) at line 6: You have an error …</c> (the line where that statement starts).
    /// </summary>
    private static MySqlDumpLoadResult DescribeFailure(MySqlToolResult result, long bytes)
    {
        var match = ServerError().Match(result.Errors);
        var statement = StatementEcho().Match(result.Errors) is { Success: true } echo ? Shorten(echo.Groups["statement"].Value.Trim()) : null;
        if (!match.Success)
            return new MySqlDumpLoadResult(false, bytes, Message: result.ErrorTail(), Statement: statement);
        return new MySqlDumpLoadResult(
            false,
            bytes,
            Line: int.Parse(match.Groups["line"].Value, CultureInfo.InvariantCulture),
            ErrorCode: int.Parse(match.Groups["code"].Value, CultureInfo.InvariantCulture),
            SqlState: match.Groups["state"].Value,
            Message: match.Groups["message"].Value.Trim(),
            Statement: statement);
    }

    private static string Shorten(string statement) =>
        statement.Length <= MaxStatementChars ? statement : statement[..MaxStatementChars] + "…";

    [GeneratedRegex(@"^ERROR (?<code>\d+) \((?<state>[0-9A-Z]{5})\) at line (?<line>\d+)[^:]*: (?<message>.*)$", RegexOptions.Multiline)]
    private static partial Regex ServerError();

    [GeneratedRegex(@"^-{14}\n(?<statement>.*?)\n-{14}$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex StatementEcho();
}
