namespace ConPaaS.Domain.MySql;

/// <summary>
/// Finds, in a dump, the commands of the <c>mariadb</c> client itself that act on the machine the client runs on
/// rather than on the server: <c>system</c> (<c>\!</c>) runs a shell command, <c>source</c> (<c>\.</c>) reads another
/// file, <c>tee</c> (<c>\T</c>) writes one, <c>pager</c> (<c>\P</c>) and <c>edit</c> (<c>\e</c>) run programs, and
/// <c>connect</c> (<c>\r</c>) goes to another server. A dump is SQL only: these have no place in one. They are found
/// where the client finds them: the backslash form anywhere outside quotes and comments, the long form as the first
/// word of a line that begins no statement. Harmless commands a dump does hold (<c>DELIMITER</c>, <c>USE</c>,
/// <c>\-</c> which mariadb-dump writes to turn on the client's sandbox) are left alone.
/// </summary>
public static class SqlClientCommands
{
    private static readonly string[] Named = ["system", "source", "tee", "pager", "edit", "connect"];

    private const string DangerousBackslashes = "!.TPer";

    /// <summary>The first such command and its 1-based line, or null when the text has none.</summary>
    public static async Task<SqlClientCommand?> FindAsync(TextReader sql, CancellationToken cancellationToken)
    {
        var scanner = new SqlScanner();
        var number = 0;
        while (await sql.ReadLineAsync(cancellationToken) is { } line)
        {
            number++;
            scanner.Feed(line);
            if (scanner.ClientCommand is { } command)
                return new SqlClientCommand(number, command);
        }
        return null;
    }

    internal static bool IsDangerousBackslash(char command) => DangerousBackslashes.Contains(command, StringComparison.Ordinal);

    /// <summary>The long-form command that is the line's first word (as written), or null.</summary>
    internal static string? NamedAtLineStart(string line)
    {
        var word = line.AsSpan().TrimStart();
        var end = word.IndexOfAny(' ', '\t');
        if (end >= 0)
            word = word[..end];
        foreach (var name in Named)
        {
            if (word.Equals(name, StringComparison.OrdinalIgnoreCase))
                return word.ToString();
        }
        return null;
    }
}

/// <summary>A command of the client found in a dump: where, and as written.</summary>
public sealed record SqlClientCommand(int Line, string Command);
