namespace ConPaaS.Domain.MySql;

/// <summary>
/// Tells which statement of a dump starts on a given line, the way the <c>mariadb</c> client splits a file: at
/// the current delimiter (<c>;</c>, or what a <c>DELIMITER</c> line sets) outside quotes and comments. The client
/// reports a failure by line; users of a 10,000-statement dump also want "statement 7,203".
/// Executable comments (<c>/*! … */</c>, which mariadb-dump writes) are statement text, not comments.
/// </summary>
public static class SqlStatementCounter
{
    /// <summary>The 1-based number of the statement that starts at <paramref name="line"/> (1-based) of the text.</summary>
    public static async Task<int> StatementStartingAtAsync(TextReader sql, int line, CancellationToken cancellationToken)
    {
        var scanner = new SqlScanner();
        for (var number = 1; number < line; number++)
        {
            var text = await sql.ReadLineAsync(cancellationToken);
            if (text is null)
                break;
            scanner.Feed(text);
        }
        return scanner.Completed + 1;
    }
}
