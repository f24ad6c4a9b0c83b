using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using ConPaaS.Domain.Errors;

namespace ConPaaS.Infrastructure.Code;

/// <summary>Reads the entries of a ZIP (and WAR), tar.gz or tar file, told apart by their first bytes.</summary>
internal static class ArchiveReader
{
    private const int MaxLinkTargetBytes = 4096;

    // Unix file types in the high half of a ZIP entry's external attributes (written by Info-ZIP and most tools on Unix).
    private const int UnixTypeMask = 0xF000;
    private const int UnixSymbolicLink = 0xA000;
    private const int UnixDirectory = 0x4000;
    private const int UnixUserExecute = 0x40;

    /// <summary>Calls <paramref name="visit"/> for every entry in archive order.</summary>
    /// <exception cref="InvalidInputException">Neither a ZIP nor a tar, or damaged.</exception>
    public static void Read(string path, Action<ArchiveEntry> visit)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920);
        try
        {
            switch (Detect(file))
            {
                case Format.Zip:
                    ReadZip(file, visit);
                    break;
                case Format.TarGz:
                    using (var gzip = new GZipStream(file, CompressionMode.Decompress, leaveOpen: true))
                        ReadTar(gzip, visit);
                    break;
                case Format.Tar:
                    ReadTar(file, visit);
                    break;
                default:
                    throw new InvalidInputException("archive", "The file is not a ZIP, tar.gz or tar archive.");
            }
        }
        catch (Exception exception) when (exception is InvalidDataException or FormatException or EndOfStreamException
                                              or IOException or NotSupportedException)
        {
            throw new InvalidInputException("archive", "The archive is damaged and cannot be read; create it again and upload it.");
        }
    }

    private enum Format { Unknown, Zip, TarGz, Tar }

    private static Format Detect(FileStream file)
    {
        Span<byte> head = stackalloc byte[263];
        var read = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        file.Position = 0;
        if (read >= 4 && head[0] == 'P' && head[1] == 'K' && (head[2] is 3 or 5) && (head[3] is 4 or 6))
            return Format.Zip;
        if (read >= 2 && head[0] == 0x1f && head[1] == 0x8b)
            return Format.TarGz;
        if (read >= 262 && head.Slice(257, 5).SequenceEqual("ustar"u8))
            return Format.Tar;
        return Format.Unknown;
    }

    private static void ReadZip(Stream file, Action<ArchiveEntry> visit)
    {
        using var zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
        var index = 0;
        foreach (var entry in zip.Entries)
        {
            var mode = (entry.ExternalAttributes >> 16) & 0xFFFF;
            var type = mode & UnixTypeMask;
            if (type == UnixDirectory || entry.FullName.EndsWith('/') || entry.FullName.EndsWith('\\'))
            {
                visit(new ArchiveEntry(index++, entry.FullName, ArchiveEntryKind.Directory, false, null, null));
                continue;
            }
            using var content = entry.Open();
            if (type == UnixSymbolicLink)
                visit(new ArchiveEntry(index++, entry.FullName, ArchiveEntryKind.SymbolicLink, false, ReadLinkTarget(content), null));
            else
                visit(new ArchiveEntry(index++, entry.FullName, ArchiveEntryKind.File, (mode & UnixUserExecute) != 0, null, content));
        }
    }

    private static void ReadTar(Stream stream, Action<ArchiveEntry> visit)
    {
        using var tar = new TarReader(stream, leaveOpen: true);
        var index = 0;
        while (tar.GetNextEntry(copyData: false) is { } entry)
        {
            var executable = (entry.Mode & UnixFileMode.UserExecute) != 0;
            var kind = entry.EntryType switch
            {
                TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile => ArchiveEntryKind.File,
                TarEntryType.Directory => ArchiveEntryKind.Directory,
                TarEntryType.SymbolicLink => ArchiveEntryKind.SymbolicLink,
                TarEntryType.HardLink => ArchiveEntryKind.HardLink,
                TarEntryType.GlobalExtendedAttributes or TarEntryType.ExtendedAttributes => ArchiveEntryKind.Metadata,
                _ => ArchiveEntryKind.Other,
            };
            visit(new ArchiveEntry(index++, entry.Name, kind, executable,
                kind == ArchiveEntryKind.SymbolicLink ? entry.LinkName : null,
                kind == ArchiveEntryKind.File ? entry.DataStream ?? Stream.Null : null));
        }
    }

    private static string ReadLinkTarget(Stream content)
    {
        var buffer = new byte[MaxLinkTargetBytes + 1];
        var read = content.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        if (read > MaxLinkTargetBytes)
            throw new InvalidInputException("archive", "The archive holds a symbolic link with an overlong target.");
        return Encoding.UTF8.GetString(buffer, 0, read);
    }
}
