using System.Globalization;
using System.Text.RegularExpressions;

namespace ConPaaS.Agent.Roles.MySql;

/// <summary>
/// Runs an SQL file through the <c>mariadb</c> client on the local server, the way an administrator would
/// (<c>mariadb &lt; dump.sql</c>): statements run one by one, each committed, up to the first error, which is
/// reported with its line and the server's message. The server keeps running whatever the file holds.
/// </summary>
internal static partial class MySqlDumpLoader
{
    private const int MaxStatementChars = 300;

    public static async Task<MySqlDumpLoadResult> LoadAsync(
        MariaDbLocalClient client, string sqlPath, long bytes, string? database, CancellationToken cancellationToken)
    {
        var arguments = database is null ? client.ClientArguments() : client.ClientArguments($"--database={database}");
        // What the dump's own SELECTs print is of no use: keep only a little of it.
        var result = await MySqlTools.RunAsync(MySqlTools.Client, arguments, async (stdin, token) =>
        {
            await using var file = File.OpenRead(sqlPath);
            await file.CopyToAsync(stdin, token);
        }, cancellationToken, outputLimit: 4096);
        return result.Succeeded ? new MySqlDumpLoadResult(true, bytes) : DescribeFailure(result, bytes);
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
