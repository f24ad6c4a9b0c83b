namespace ConPaaS.Cli.Output;

/// <summary>Plain columns for people: a header, then one row per item, padded with spaces, no borders to parse.</summary>
public sealed class Table(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public Table Add(params string?[] cells)
    {
        if (cells.Length != headers.Length)
            throw new ArgumentException($"A row of this table has {headers.Length} cells, not {cells.Length}.", nameof(cells));
        _rows.Add(cells.Select(c => c ?? "").ToArray());
        return this;
    }

    public void WriteTo(TextWriter output, string whenEmpty)
    {
        if (_rows.Count == 0)
        {
            output.WriteLine(whenEmpty);
            return;
        }
        var widths = headers.Select((h, i) => _rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        WriteRow(output, headers, widths);
        foreach (var row in _rows)
            WriteRow(output, row, widths);
    }

    private static void WriteRow(TextWriter output, string[] cells, int[] widths) =>
        output.WriteLine(string.Join("  ", cells.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
}
