using ConPaaS.Domain.Contracts;

namespace ConPaaS.Infrastructure.Code;

/// <summary>
/// Uploads are told apart from pushes by a trailer in their commit message (<c>ConPaaS-Source: upload</c>), so the
/// repository alone says where each version came from and a clone shows it too.
/// </summary>
internal static class CommitMessages
{
    private const string TrailerPrefix = "ConPaaS-";
    private const string SourceTrailer = "ConPaaS-Source: ";

    public static string ForUpload(string? description, string? fileName)
    {
        var text = string.IsNullOrWhiteSpace(description)
            ? $"Upload of {(string.IsNullOrWhiteSpace(fileName) ? "an archive" : Path.GetFileName(fileName))}"
            : description.Trim();
        var archive = string.IsNullOrWhiteSpace(fileName) ? "" : $"\nConPaaS-Archive: {OneLine(Path.GetFileName(fileName))}";
        return $"{text}\n\n{SourceTrailer}{CodeVersionSources.Upload}{archive}\n";
    }

    public static (string Source, string Message) Read(string message)
    {
        var lines = message.TrimEnd().Split('\n');
        var trailers = lines.Reverse().TakeWhile(l => l.StartsWith(TrailerPrefix, StringComparison.Ordinal)).ToList();
        var source = trailers.Any(t => t.Trim() == SourceTrailer + CodeVersionSources.Upload)
            ? CodeVersionSources.Upload
            : CodeVersionSources.Push;
        return (source, string.Join('\n', lines.Take(lines.Length - trailers.Count)).Trim());
    }

    private static string OneLine(string text) => text.Replace('\n', ' ').Replace('\r', ' ');
}
