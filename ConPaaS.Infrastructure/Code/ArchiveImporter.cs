using System.Text;
using ConPaaS.Domain.Errors;
using LibGit2Sharp;

namespace ConPaaS.Infrastructure.Code;

/// <summary>
/// Turns an archive into a git tree in two passes. The first reads everything — names, links, every byte checked
/// against the size and checksum the archive records, so a damaged archive or a zip bomb shows itself — and writes
/// nothing; only an archive that passed it is read again into the repository. A refused archive therefore leaves
/// nothing behind. Both passes stream: memory stays a few buffers whatever the archive holds.
/// </summary>
internal static class ArchiveImporter
{
    /// <summary>Where each entry goes in the tree; entries not named here (folders, metadata) are skipped.</summary>
    public sealed record Plan(IReadOnlyDictionary<int, PlannedEntry> Entries);

    public sealed record PlannedEntry(string TreePath, Mode Mode, string? LinkTarget);

    private sealed record Seen(int Index, string Name, string[] Segments, ArchiveEntryKind Kind, bool Executable, string? LinkTarget);

    public static Plan Inspect(string archivePath, ArchiveLimits limits)
    {
        var seen = new List<Seen>();
        long unpacked = 0;
        ArchiveReader.Read(archivePath, entry =>
        {
            if (entry.Index >= ArchiveLimits.MaxEntries)
                throw new InvalidInputException("archive", $"The archive holds more than {ArchiveLimits.MaxEntries} entries.");
            switch (entry.Kind)
            {
                case ArchiveEntryKind.Metadata:
                    return;
                case ArchiveEntryKind.HardLink:
                    throw ArchivePaths.Refused(entry.Name, "is a hard link, which a code version cannot hold");
                case ArchiveEntryKind.Other:
                    throw ArchivePaths.Refused(entry.Name, "is a device, pipe or other special file");
            }
            var segments = ArchivePaths.Split(entry.Name);
            if (entry.Kind == ArchiveEntryKind.Directory || segments.Length == 0 || segments[0] == "__MACOSX")
                return; // git keeps no folders; __MACOSX is the Finder's resource-fork litter.
            if (entry.Content is not null)
            {
                // The recorded size refuses a bomb before it is unpacked; the reader holds the content to it.
                if (unpacked + entry.Length > limits.MaxUnpackedBytes)
                    throw TooLargeUnpacked(limits);
                unpacked = Drain(entry.Content, unpacked, limits);
            }
            seen.Add(new Seen(entry.Index, entry.Name, segments, entry.Kind, entry.Executable, entry.LinkTarget));
        });
        if (seen.Count == 0)
            throw new InvalidInputException("archive", "The archive holds no files; nothing was added.");
        return new Plan(Place(seen));
    }

    /// <summary>Reads the archive again and writes its blobs and trees; call only with a plan from <see cref="Inspect"/>.</summary>
    public static Tree Write(Repository repository, string archivePath, Plan plan)
    {
        var tree = new TreeDefinition();
        ArchiveReader.Read(archivePath, entry =>
        {
            if (!plan.Entries.TryGetValue(entry.Index, out var planned))
                return;
            // The reader owns entry streams (a tar's is a window on the archive): read them, never dispose them here.
            using var link = planned.LinkTarget is { } target ? new MemoryStream(Encoding.UTF8.GetBytes(target)) : null;
            // Streamed into the object database with its length known, and added by id: CreateBlob(stream) returns a
            // Blob looked up afterwards, which reads the whole object back into memory (a 900 MiB file cost 900 MB).
            var blob = link is not null
                ? repository.ObjectDatabase.Write<Blob>(link, link.Length)
                : repository.ObjectDatabase.Write<Blob>(entry.Content ?? Stream.Null, entry.Length);
            tree.Add(planned.TreePath, blob, planned.Mode);
        });
        return repository.ObjectDatabase.CreateTree(tree);
    }

    /// <summary>Reads an entry to its end, counting what it unpacks to against the whole archive's allowance.</summary>
    private static long Drain(Stream content, long unpacked, ArchiveLimits limits)
    {
        var buffer = new byte[81920];
        int read;
        while ((read = content.Read(buffer)) > 0)
        {
            unpacked += read;
            if (unpacked > limits.MaxUnpackedBytes)
                throw TooLargeUnpacked(limits);
        }
        return unpacked;
    }

    private static InvalidInputException TooLargeUnpacked(ArchiveLimits limits) => new("archive",
        $"The archive unpacks to more than {ArchiveLimits.Describe(limits.MaxUnpackedBytes)} " +
        $"({ArchiveLimits.ExpansionFactor} times the upload limit); nothing was added.");

    /// <summary>Strips a single top-level folder, then refuses duplicates, file/folder clashes and links that leave the tree.</summary>
    private static Dictionary<int, PlannedEntry> Place(List<Seen> seen)
    {
        var top = seen[0].Segments[0];
        var strip = seen.All(s => s.Segments.Length > 1 && s.Segments[0] == top) ? 1 : 0;

        var paths = new Dictionary<string, Seen>(StringComparer.Ordinal);
        foreach (var entry in seen)
        {
            var path = string.Join('/', entry.Segments[strip..]);
            if (!paths.TryAdd(path, entry))
                throw ArchivePaths.Refused(entry.Name, "appears twice in the archive");
        }
        foreach (var (path, entry) in paths)
        {
            var segments = path.Split('/');
            for (var i = 1; i < segments.Length; i++)
            {
                if (paths.ContainsKey(string.Join('/', segments[..i])))
                    throw ArchivePaths.Refused(entry.Name, $"is inside '{string.Join('/', segments[..i])}', which is a file or link");
            }
        }
        var links = paths.Where(p => p.Value.Kind == ArchiveEntryKind.SymbolicLink).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var link in links)
            ArchivePaths.EnsureLinkInside(link, paths[link].LinkTarget ?? "", links);

        return paths.ToDictionary(
            p => p.Value.Index,
            p => p.Value.Kind == ArchiveEntryKind.SymbolicLink
                ? new PlannedEntry(p.Key, Mode.SymbolicLink, p.Value.LinkTarget)
                : new PlannedEntry(p.Key, p.Value.Executable ? Mode.ExecutableFile : Mode.NonExecutableFile, null));
    }
}
