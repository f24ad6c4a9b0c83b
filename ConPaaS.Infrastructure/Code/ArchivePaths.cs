using System.Text;
using ConPaaS.Domain.Errors;

namespace ConPaaS.Infrastructure.Code;

/// <summary>
/// The rules that keep an archive's content inside its own tree: no absolute paths, no <c>..</c>, no <c>.git</c>,
/// and symbolic links that resolve inside the tree without passing through another link.
/// </summary>
internal static class ArchivePaths
{
    /// <summary>The entry's path as segments (<c>.</c> and empty ones dropped); empty for the archive's root.</summary>
    public static string[] Split(string name)
    {
        var path = name.Replace('\\', '/');
        if (path.StartsWith('/') || (path.Length >= 2 && char.IsAsciiLetter(path[0]) && path[1] == ':'))
            throw Refused(name, "has an absolute path");
        if (path.Any(char.IsControl))
            throw Refused(name, "has control characters in its name");
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".").ToArray();
        if (segments.Contains(".."))
            throw Refused(name, "climbs out of the archive with '..'");
        if (segments.Any(s => s.Equals(".git", StringComparison.OrdinalIgnoreCase)))
            throw Refused(name, "is inside a '.git' folder, which a code version cannot hold");
        return segments;
    }

    /// <summary>
    /// Refuses a link whose target is absolute, leaves the tree, or passes through another link of the archive
    /// (a chain of links can leave the tree even when each looks harmless on its own).
    /// </summary>
    public static void EnsureLinkInside(string linkPath, string target, IReadOnlySet<string> links)
    {
        if (target.Length == 0 || target.StartsWith('/') || target.Contains('\\') || target.Any(char.IsControl))
            throw Refused(linkPath, $"is a symbolic link to '{Printable(target)}', outside the archive");
        var resolved = new List<string>(linkPath.Split('/')[..^1]);
        var segments = target.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".").ToArray();
        for (var i = 0; i < segments.Length; i++)
        {
            if (segments[i] == "..")
            {
                if (resolved.Count == 0)
                    throw Refused(linkPath, $"is a symbolic link to '{Printable(target)}', outside the archive");
                resolved.RemoveAt(resolved.Count - 1);
                continue;
            }
            resolved.Add(segments[i]);
            if (i < segments.Length - 1 && links.Contains(string.Join('/', resolved)))
                throw Refused(linkPath, $"is a symbolic link to '{Printable(target)}', through another link");
        }
    }

    public static InvalidInputException Refused(string name, string reason) =>
        new("archive", $"The archive entry '{Printable(name)}' {reason}; nothing was added.");

    /// <summary>Entry names come from the uploader: keep them short and printable in messages.</summary>
    internal static string Printable(string text)
    {
        var builder = new StringBuilder();
        foreach (var c in text.Take(200))
            builder.Append(char.IsControl(c) ? '?' : c);
        return text.Length > 200 ? builder.Append('…').ToString() : builder.ToString();
    }
}
