namespace ConPaaS.Cli.Portal;

/// <summary>The parts of an RFC 7807 answer that `cps` shows; <c>field</c> names the offending input.</summary>
public sealed record Problem(string? Title, string? Detail, int? Status, string? Field)
{
    /// <summary>One line: the detail (or the title), and the field when the portal named one.</summary>
    public string ToLine(string fallback)
    {
        var text = !string.IsNullOrWhiteSpace(Detail) ? Detail : !string.IsNullOrWhiteSpace(Title) ? Title : fallback;
        text = string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return string.IsNullOrWhiteSpace(Field) ? text : $"{text} (field: {Field})";
    }
}
