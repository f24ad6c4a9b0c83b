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
        var scanner = new Scanner();
        for (var number = 1; number < line; number++)
        {
            var text = await sql.ReadLineAsync(cancellationToken);
            if (text is null)
                break;
            scanner.Feed(text);
        }
        return scanner.Completed + 1;
    }

    /// <summary>Splitting state carried from line to line: open quotes and comments, the delimiter, the statements so far.</summary>
    private sealed class Scanner
    {
        private string _delimiter = ";";
        private char? _quote;
        private bool _inBlockComment;
        private bool _statementHasText;

        public int Completed { get; private set; }

        public void Feed(string line)
        {
            if (_quote is null && !_inBlockComment && !_statementHasText && IsDelimiterCommand(line, out var delimiter))
            {
                _delimiter = delimiter;
                return;
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
            if (c == '/' && At(line, i + 1, '*') && !At(line, i + 2, '!'))
            {
                _inBlockComment = true;
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
}
