using System.IO.Compression;
using System.Text;

namespace ConPaaS.Agent.Tests.Php;

/// <summary>ZIP archives built in memory, including the hostile kinds a code upload must refuse.</summary>
public static class TestArchives
{
    private const int SymbolicLinkMode = 0xA1FF; // S_IFLNK | 0777, as Info-ZIP stores a link

    /// <summary>An archive of files (name → content); a value starting with "->" makes a symbolic link to the rest.</summary>
    public static byte[] Zip(params (string Name, string Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                var entry = zip.CreateEntry(name);
                var isLink = content.StartsWith("->", StringComparison.Ordinal);
                if (isLink)
                    entry.ExternalAttributes = SymbolicLinkMode << 16;
                using var stream = entry.Open();
                stream.Write(Encoding.UTF8.GetBytes(isLink ? content[2..] : content));
            }
        }
        return buffer.ToArray();
    }

    public static byte[] PhpVersion(string label) =>
        Zip(("index.php", $"<?php echo \"{label} \", PHP_VERSION;"), ("static/hello.txt", $"static {label}"));
}
