using System.IO.Compression;
using System.Text;

namespace ConPaaS.Agent.Code;

/// <summary>
/// Unpacks an uploaded ZIP into an empty folder, refusing anything that would reach outside it: absolute
/// paths, <c>..</c>, writing through a link, and links that resolve outside (checked lexically when made and
/// again with realpath(3) once everything is in place, since a chain of links can fool a lexical check).
/// Limits on entries and unpacked bytes keep a ZIP bomb from filling the node's disk.
/// </summary>
internal static class CodeArchiveExtractor
{
    public const int MaxEntries = 100_000;
    public const long MaxUnpackedBytes = 4L * 1024 * 1024 * 1024;

    private const int MaxLinkTargetBytes = 4096;
    private const int FileTypeMask = 0xF000;
    private const int RegularFile = 0x8000;
    private const int DirectoryType = 0x4000;
    private const int SymbolicLink = 0xA000;
    private const int PermissionMask = 0x1FF;

    /// <exception cref="CodeArchiveRejectedException">The archive is damaged or unsafe.</exception>
    public static async Task ExtractAsync(Stream archive, string root, CancellationToken cancellationToken)
    {
        try
        {
            using var zip = new ZipArchive(archive, ZipArchiveMode.Read, leaveOpen: true);
            if (zip.Entries.Count > MaxEntries)
                throw new CodeArchiveRejectedException($"The archive holds {zip.Entries.Count} entries; at most {MaxEntries} are accepted.");
            var links = new List<(string Path, string Entry)>();
            long unpacked = 0;
            foreach (var entry in zip.Entries)
            {
                var relative = SafeRelativePath(entry.FullName);
                if (relative is null)
                    continue;
                var target = Path.GetFullPath(Path.Join(root, relative));
                if (!IsUnder(target, root))
                    throw Refuse(entry.FullName, "leaves the archive's folder");
                RefuseLinksOnTheWay(root, target, entry.FullName);

                var type = (entry.ExternalAttributes >> 16) & FileTypeMask;
                if (entry.FullName.EndsWith('/') || type == DirectoryType)
                {
                    Directory.CreateDirectory(target);
                    continue;
                }
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                if (Path.Exists(target))
                    throw Refuse(entry.FullName, "appears twice in the archive");
                if (type == SymbolicLink)
                {
                    var linkTarget = await ReadLinkTargetAsync(entry, cancellationToken);
                    RefuseLinkOutside(root, target, linkTarget, entry.FullName);
                    File.CreateSymbolicLink(target, linkTarget);
                    links.Add((target, entry.FullName));
                    continue;
                }
                if (type is not (0 or RegularFile))
                    throw Refuse(entry.FullName, "is neither a file, a folder nor a link");
                unpacked += await CopyAsync(entry, target, MaxUnpackedBytes - unpacked, cancellationToken);
                ApplyPermissions(entry, target);
            }
            RefuseLinksResolvingOutside(root, links);
        }
        catch (InvalidDataException exception)
        {
            throw new CodeArchiveRejectedException($"The upload is not a readable ZIP archive: {exception.Message}", exception);
        }
    }

    /// <summary>The entry's path relative to the archive's root, or null for the root itself.</summary>
    private static string? SafeRelativePath(string fullName)
    {
        // Archives made on Windows may separate with backslashes; they are separators, never part of a name.
        var name = fullName.Replace('\\', '/');
        if (name.Contains('\0'))
            throw Refuse(fullName, "has a NUL character in its name");
        if (name.StartsWith('/') || (name.Length >= 2 && name[1] == ':' && char.IsAsciiLetter(name[0])))
            throw Refuse(fullName, "has an absolute path");
        var segments = name.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(segment => segment != ".").ToList();
        if (segments.Contains(".."))
            throw Refuse(fullName, "has a '..' in its path");
        return segments.Count == 0 ? null : string.Join('/', segments);
    }

    /// <summary>No folder on the way to an entry may be a link: writing through it could land anywhere.</summary>
    private static void RefuseLinksOnTheWay(string root, string target, string entryName)
    {
        for (var path = target; path.Length > root.Length; path = Path.GetDirectoryName(path)!)
        {
            if (new FileInfo(path).LinkTarget is not null)
                throw Refuse(entryName, "would be written through a symbolic link");
        }
    }

    private static void RefuseLinkOutside(string root, string linkPath, string linkTarget, string entryName)
    {
        if (linkTarget.Length == 0 || linkTarget.Contains('\0'))
            throw Refuse(entryName, "is a symbolic link without a usable target");
        if (Path.IsPathRooted(linkTarget))
            throw Refuse(entryName, "is a symbolic link to an absolute path");
        var resolved = Path.GetFullPath(Path.Join(Path.GetDirectoryName(linkPath), linkTarget));
        if (!IsUnder(resolved, root) && resolved != root)
            throw Refuse(entryName, "is a symbolic link pointing outside the archive");
    }

    private static void RefuseLinksResolvingOutside(string root, List<(string Path, string Entry)> links)
    {
        if (links.Count == 0)
            return;
        var realRoot = NativeFiles.RealPath(root) ?? root;
        foreach (var (path, entry) in links)
        {
            var real = NativeFiles.RealPath(path)
                ?? throw Refuse(entry, "is a symbolic link to nothing in the archive");
            if (real != realRoot && !IsUnder(real, realRoot))
                throw Refuse(entry, "is a symbolic link pointing outside the archive");
        }
    }

    private static async Task<string> ReadLinkTargetAsync(ZipArchiveEntry entry, CancellationToken cancellationToken)
    {
        if (entry.Length > MaxLinkTargetBytes)
            throw Refuse(entry.FullName, "is a symbolic link with an overlong target");
        await using var stream = entry.Open();
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync(cancellationToken);
    }

    /// <summary>Copies one file, counting the bytes really written rather than trusting the sizes the archive claims.</summary>
    private static async Task<long> CopyAsync(ZipArchiveEntry entry, string target, long budget, CancellationToken cancellationToken)
    {
        await using var source = entry.Open();
        await using var destination = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
        var buffer = new byte[81920];
        long written = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            written += read;
            if (written > budget)
                throw new CodeArchiveRejectedException($"The archive unpacks to more than {MaxUnpackedBytes / (1024 * 1024)} MiB.");
            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
        return written;
    }

    /// <summary>Keeps the archive's permission bits (an executable script stays executable), never less than owner read/write.</summary>
    private static void ApplyPermissions(ZipArchiveEntry entry, string target)
    {
        var permissions = (entry.ExternalAttributes >> 16) & PermissionMask;
        if (permissions != 0)
            File.SetUnixFileMode(target, (UnixFileMode)(permissions | 0x180));
    }

    private static bool IsUnder(string path, string root) =>
        path.StartsWith(root.EndsWith('/') ? root : root + "/", StringComparison.Ordinal);

    private static CodeArchiveRejectedException Refuse(string entryName, string reason) =>
        new($"The archive entry '{entryName}' {reason}; nothing was unpacked.");
}
