using System.Buffers.Binary;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace ConPaaS.Portal.Tests.Code;

/// <summary>One entry of a test archive: a file with its text, or a symbolic link to <see cref="LinkTarget"/>.</summary>
public sealed record TestEntry(string Name, string Text = "", string? LinkTarget = null, bool Executable = false)
{
    public static TestEntry Link(string name, string target) => new(name, LinkTarget: target);
}

/// <summary>Builds ZIP and tar.gz archives in memory, including the malicious shapes the portal must refuse.</summary>
public static class TestArchives
{
    public static byte[] Zip(params TestEntry[] entries) => Zip(CompressionLevel.Optimal, entries);

    public static byte[] Zip(CompressionLevel level, params TestEntry[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in entries)
            {
                var item = zip.CreateEntry(entry.Name, level);
                var mode = entry.LinkTarget is not null ? 0xA1FF : entry.Executable ? 0x81ED : 0x81A4;
                item.ExternalAttributes = mode << 16;
                using var content = item.Open();
                content.Write(Encoding.UTF8.GetBytes(entry.LinkTarget ?? entry.Text));
            }
        }
        return buffer.ToArray();
    }

    public static byte[] TarGz(params TestEntry[] entries)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var entry in entries)
            {
                if (entry.LinkTarget is not null)
                {
                    tar.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, entry.Name) { LinkName = entry.LinkTarget });
                    continue;
                }
                var file = new PaxTarEntry(entry.Name.EndsWith('/') ? TarEntryType.Directory : TarEntryType.RegularFile, entry.Name)
                {
                    Mode = entry.Executable ? (UnixFileMode)0x1ED : (UnixFileMode)0x1A4,
                };
                if (file.EntryType == TarEntryType.RegularFile)
                    file.DataStream = new MemoryStream(Encoding.UTF8.GetBytes(entry.Text));
                tar.WriteEntry(file);
            }
        }
        return buffer.ToArray();
    }

    /// <summary>A ZIP whose one entry unpacks to <paramref name="bytes"/> zeros: tiny packed, huge unpacked.</summary>
    public static byte[] ZipBomb(long bytes)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var content = zip.CreateEntry("zeros.bin", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[64 * 1024];
            for (long written = 0; written < bytes; written += zeros.Length)
                content.Write(zeros);
        }
        return buffer.ToArray();
    }

    /// <summary>Bytes that do not compress, stored as one file: an archive larger than its content suggests nothing.</summary>
    public static byte[] IncompressibleZip(int bytes)
    {
        var noise = new byte[bytes];
        new Random(7).NextBytes(noise);
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var content = zip.CreateEntry("noise.bin", CompressionLevel.NoCompression).Open();
            content.Write(noise);
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// The ZIP with the uncompressed size that its local and central headers record for <paramref name="entryName"/>
    /// changed by <paramref name="sizeDelta"/>, and its CRC-32 changed too when <paramref name="wrongCrc"/>: a
    /// header that lies about the content, as a damaged or forged archive has.
    /// </summary>
    public static byte[] Lying(byte[] zip, string entryName, int sizeDelta = 0, bool wrongCrc = false)
    {
        var bytes = zip.ToArray();
        var name = Encoding.UTF8.GetBytes(entryName);
        var patched = 0;
        for (var i = 0; i + 46 <= bytes.Length; i++)
        {
            var signature = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i));
            var (crcAt, sizeAt, nameLengthAt, nameAt) = signature switch
            {
                0x04034b50 => (i + 14, i + 22, i + 26, i + 30), // local file header
                0x02014b50 => (i + 16, i + 24, i + 28, i + 46), // central directory header
                _ => (-1, -1, -1, -1),
            };
            if (crcAt < 0 || BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(nameLengthAt)) != name.Length
                || nameAt + name.Length > bytes.Length || !bytes.AsSpan(nameAt, name.Length).SequenceEqual(name))
                continue;
            var size = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(sizeAt));
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(sizeAt), (uint)(size + sizeDelta));
            if (wrongCrc)
                bytes[crcAt] ^= 0x5A;
            patched++;
        }
        Assert.Equal(2, patched); // the entry's local header and its central directory record
        return bytes;
    }

    /// <summary>The files of a ZIP the portal sent: name → (text or link target, is a link, is executable).</summary>
    public static Dictionary<string, (string Content, bool IsLink, bool IsExecutable)> ReadZip(byte[] archive)
    {
        using var zip = new ZipArchive(new MemoryStream(archive), ZipArchiveMode.Read);
        return zip.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var reader = new StreamReader(e.Open());
            var mode = (e.ExternalAttributes >> 16) & 0xFFFF;
            return (reader.ReadToEnd(), (mode & 0xF000) == 0xA000, (mode & 0x40) != 0 && (mode & 0xF000) == 0x8000);
        });
    }
}
