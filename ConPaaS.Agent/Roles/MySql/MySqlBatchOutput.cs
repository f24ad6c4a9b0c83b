using System.Text;

namespace ConPaaS.Agent.Roles.MySql;

/// <summary>
/// Reads the <c>mariadb --batch</c> format: a header line of column names, then one line per row, fields
/// separated by tabs, with tab, newline, backslash and NUL escaped, and SQL NULL written as <c>NULL</c>.
/// </summary>
internal static class MySqlBatchOutput
{
    public static IReadOnlyList<IReadOnlyDictionary<string, string?>> Parse(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0)
            return [];
        var columns = lines[0].Split('\t');
        var rows = new List<IReadOnlyDictionary<string, string?>>(lines.Length - 1);
        foreach (var line in lines.Skip(1))
        {
            var fields = line.Split('\t');
            var row = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            for (var index = 0; index < columns.Length; index++)
                row[columns[index]] = index < fields.Length ? Unescape(fields[index]) : null;
            rows.Add(row);
        }
        return rows;
    }

    private static string? Unescape(string field)
    {
        if (field == "NULL")
            return null;
        if (!field.Contains('\\', StringComparison.Ordinal))
            return field;
        var text = new StringBuilder(field.Length);
        for (var index = 0; index < field.Length; index++)
        {
            if (field[index] != '\\' || index + 1 == field.Length)
            {
                text.Append(field[index]);
                continue;
            }
            index++;
            text.Append(field[index] switch { 't' => '\t', 'n' => '\n', '0' => '\0', _ => field[index] });
        }
        return text.ToString();
    }
}
