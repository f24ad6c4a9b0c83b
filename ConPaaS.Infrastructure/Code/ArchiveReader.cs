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
    /// <exception cref="InvalidInputException">Neither a ZIP nor a tar, or damaged (naming the entry when one is to blame).</exception>
    public static void Read(string path, Action<ArchiveEntry> visit)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920);
        var cursor = new Cursor();
        try
        {
            switch (Detect(file))
            {
                case Format.Zip:
                    ReadZip(file, visit, cursor);
                    break;
                case Format.TarGz:
                    using (var gzip = new GZipStream(file, CompressionMode.Decompress, leaveOpen: true))
                        ReadTar(gzip, visit, cursor);
                    break;
                case Format.Tar:
                    ReadTar(file, visit, cursor);
                    break;
                default:
                    throw new InvalidInputException("archive", "The file is not a ZIP, tar.gz or tar archive.");
            }
        }
        catch (Exception exception) when (exception is InvalidDataException or FormatException or EndOfStreamException
                                              or IOException or NotSupportedException)
        {
            var detail = cursor.Entry is not { } entry ? "The archive is damaged and cannot be read"
                : $"The archive is damaged: its entry '{ArchivePaths.Printable(entry)}' " +
                  (exception is DamagedEntryException ? exception.Message : "cannot be read");
            throw new InvalidInputException("archive", $"{detail}; create it again and upload it.");
        }
    }

    /// <summary>The entry whose content is being read, to name it when the archive turns out damaged there.</summary>
    private sealed class Cursor
    {
        public string? Entry { get; set; }
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

    private static void ReadZip(Stream file, Action<ArchiveEntry> visit, Cursor cursor)
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
            cursor.Entry = entry.FullName;
            using var raw = entry.Open();
            var content = new CheckedEntryStream(raw, entry.Length, entry.Crc32);
            if (type == UnixSymbolicLink)
                visit(new ArchiveEntry(index++, entry.FullName, ArchiveEntryKind.SymbolicLink, false, ReadLinkTarget(content), null));
            else
                visit(new ArchiveEntry(index++, entry.FullName, ArchiveEntryKind.File, (mode & UnixUserExecute) != 0, null, content, entry.Length));
            cursor.Entry = null;
        }
    }

    private static void ReadTar(Stream stream, Action<ArchiveEntry> visit, Cursor cursor)
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
            var content = kind == ArchiveEntryKind.File && entry.DataStream is { } data ? new CheckedEntryStream(data, entry.Length, null) : null;
            cursor.Entry = entry.Name;
            visit(new ArchiveEntry(index++, entry.Name, kind, executable,
                kind == ArchiveEntryKind.SymbolicLink ? entry.LinkName : null,
                kind == ArchiveEntryKind.File ? content ?? Stream.Null : null,
                content is null ? 0 : entry.Length));
            cursor.Entry = null;
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
