namespace ConPaaS.Domain.MySql;

/// <summary>
/// Reads a dump line by line the way the <c>mariadb</c> client does, carrying from line to line what it carries:
/// open quotes and comments, the delimiter, whether a statement has begun, and how many have ended. Executable
/// comments (<c>/*! … */</c> and <c>/*M! … */</c>, which mariadb-dump writes) are statement text, not comments. It
/// also notes the first command of the client itself that would run on the machine (see
/// <see cref="SqlClientCommands"/>).
/// </summary>
internal sealed class SqlScanner
{
    private string _delimiter = ";";
    private char? _quote;
    private bool _inBlockComment;
    private bool _statementHasText;

    public int Completed { get; private set; }

    /// <summary>The first dangerous client command fed so far (as written: <c>system</c>, <c>\!</c>, …), or null.</summary>
    public string? ClientCommand { get; private set; }

    public void Feed(string line)
    {
        if (_quote is null && !_inBlockComment && !_statementHasText)
        {
            if (IsDelimiterCommand(line, out var delimiter))
            {
                _delimiter = delimiter;
                return;
            }
            // Long-form commands count only as the first word of a line that starts no statement.
            if (ClientCommand is null && SqlClientCommands.NamedAtLineStart(line) is { } named)
                ClientCommand = named;
        }
        for (var i = 0; i < line.Length; i++)
            i = Step(line, i);
        if (_quote is not null)
            _statementHasText = true; // the newline inside a string belongs to the statement
    }

    /// <summary>Consumes what starts at <paramref name="i"/>; returns the index of its last character.</summary>
    private int Step(string line, int i)
    {
        var c = line[i];
        if (_inBlockComment)
        {
            if (c == '*' && At(line, i + 1, '/'))
            {
                _inBlockComment = false;
                return i + 1;
            }
            return i;
        }
        if (_quote is { } quote)
        {
            if (c == '\\' && quote != '`')
                return i + 1; // an escaped character, whatever it is
            if (c == quote)
                _quote = null;
            return i;
        }
        if (c is '\'' or '"' or '`')
        {
            _quote = c;
            _statementHasText = true;
            return i;
        }
        if (c == '#' || (c == '-' && At(line, i + 1, '-') && (i + 2 == line.Length || char.IsWhiteSpace(line[i + 2]))))
            return line.Length; // a comment to the end of the line
        if (c == '/' && At(line, i + 1, '*') && !At(line, i + 2, '!') && !(At(line, i + 2, 'M') && At(line, i + 3, '!')))
        {
            _inBlockComment = true;
            return i + 1;
        }
        // Outside quotes and comments a backslash and the next character are a command of the client (\g sends
        // the statement; \! ls runs ls), anywhere on a line, mid-statement too; an unknown one is statement text.
        if (c == '\\' && i + 1 < line.Length)
        {
            var command = line[i + 1];
            if (ClientCommand is null && SqlClientCommands.IsDangerousBackslash(command))
                ClientCommand = line.Substring(i, 2);
            if (command is 'g' or 'G')
            {
                if (_statementHasText)
                    Completed++;
                _statementHasText = false;
            }
            else
            {
                _statementHasText = true;
            }
            return i + 1;
        }
        if (string.CompareOrdinal(line, i, _delimiter, 0, _delimiter.Length) == 0)
        {
            if (_statementHasText)
                Completed++;
            _statementHasText = false;
            return i + _delimiter.Length - 1;
        }
        if (!char.IsWhiteSpace(c))
            _statementHasText = true;
        return i;
    }

    private static bool At(string line, int index, char expected) => index < line.Length && line[index] == expected;

    private static bool IsDelimiterCommand(string line, out string delimiter)
    {
        var trimmed = line.TrimStart();
        const string command = "DELIMITER ";
        delimiter = "";
        if (!trimmed.StartsWith(command, StringComparison.OrdinalIgnoreCase))
            return false;
        delimiter = trimmed[command.Length..].Trim();
        return delimiter.Length > 0;
    }
}
