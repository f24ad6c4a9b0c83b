using System.IO.Compression;
using LibGit2Sharp;

namespace ConPaaS.Infrastructure.Code;

/// <summary>Writes a commit's tree as a ZIP with Unix modes, so executables and symbolic links survive the trip to a node.</summary>
internal static class ZipExporter
{
    private const int RegularFile = 0x81A4; // -rw-r--r--
    private const int Executable = 0x81ED;  // -rwxr-xr-x
    private const int SymbolicLink = 0xA1FF; // lrwxrwxrwx

    public static void Write(Commit commit, Stream destination)
    {
        using var zip = new ZipArchive(destination, ZipArchiveMode.Create, leaveOpen: true);
        Add(zip, commit.Tree, "", commit.Committer.When);
    }

    private static void Add(ZipArchive zip, Tree tree, string prefix, DateTimeOffset when)
    {
        foreach (var item in tree)
        {
            var path = prefix + item.Name;
            switch (item.TargetType)
            {
                case TreeEntryTargetType.Tree:
                    Add(zip, (Tree)item.Target, path + "/", when);
                    break;
                case TreeEntryTargetType.Blob:
                    var entry = zip.CreateEntry(path, CompressionLevel.Optimal);
                    entry.LastWriteTime = when;
                    entry.ExternalAttributes = item.Mode switch
                    {
                        Mode.ExecutableFile => Executable,
                        Mode.SymbolicLink => SymbolicLink,
                        _ => RegularFile,
                    } << 16;
                    using (var content = ((Blob)item.Target).GetContentStream())
                    using (var output = entry.Open())
                        content.CopyTo(output);
                    break;
                // Submodules (commit entries) point into other repositories, which a version cannot carry.
            }
        }
    }
}
