using System.Text;
using ConPaaS.Domain.Agents;

namespace ConPaaS.Agent.Logs;

/// <summary>
/// The node's log folder as the portal sees it: a flat list of files, each readable by its last lines or by a
/// byte range. Only plain file names of that folder are served, never a path, so no other file can leak.
/// </summary>
public sealed class LogFiles(NodeFolders folders)
{
    /// <summary>The most one read returns, so a huge log cannot exhaust the agent's (or the portal's) memory.</summary>
    public const int MaxReadBytes = 1024 * 1024;

    private const int TailBlockSize = 8192;

    public IReadOnlyList<AgentLogFile> List() =>
        new DirectoryInfo(folders.Logs).EnumerateFiles()
            .OrderBy(file => file.Name, StringComparer.Ordinal)
            .Select(file => new AgentLogFile(file.Name, file.Length, file.LastWriteTimeUtc))
            .ToList();

    /// <summary>The file's path, or null when the name is not a file of the log folder.</summary>
    public string? Find(string name)
    {
        if (string.IsNullOrEmpty(name) || name != Path.GetFileName(name) || name is "." or "..")
            return null;
        var path = Path.Combine(folders.Logs, name);
        return File.Exists(path) ? path : null;
    }

    public async Task<AgentLogContent> ReadRangeAsync(string path, long offset, long length, CancellationToken cancellationToken)
    {
        await using var stream = OpenShared(path);
        var start = Math.Clamp(offset, 0, stream.Length);
        var count = (int)Math.Clamp(length, 0, Math.Min(MaxReadBytes, stream.Length - start));
        return await ReadAsync(stream, Path.GetFileName(path), start, count, cancellationToken);
    }

    /// <summary>The last <paramref name="lines"/> lines, found by reading backwards in blocks, not the whole file.</summary>
    public async Task<AgentLogContent> ReadTailAsync(string path, int lines, CancellationToken cancellationToken)
    {
        await using var stream = OpenShared(path);
        var end = stream.Length;
        var start = TailStart(stream, Math.Max(lines, 0), end);
        start = Math.Max(start, end - MaxReadBytes);
        return await ReadAsync(stream, Path.GetFileName(path), start, (int)(end - start), cancellationToken);
    }

    private static long TailStart(FileStream stream, int lines, long end)
    {
        if (lines == 0)
            return end;
        var buffer = new byte[TailBlockSize];
        var newlinesWanted = lines;
        var position = end;
        // A final newline ends the last line; it does not start a new, empty one.
        var skipFinalNewline = true;
        while (position > 0 && end - position < MaxReadBytes)
        {
            var blockStart = Math.Max(0, position - buffer.Length);
            var blockLength = (int)(position - blockStart);
            stream.Position = blockStart;
            stream.ReadExactly(buffer, 0, blockLength);
            for (var i = blockLength - 1; i >= 0; i--)
            {
                if (buffer[i] != (byte)'\n')
                    continue;
                if (skipFinalNewline && blockStart + i == end - 1)
                    continue;
                if (--newlinesWanted == 0)
                    return blockStart + i + 1;
            }
            skipFinalNewline = false;
            position = blockStart;
        }
        return position;
    }

    private static async Task<AgentLogContent> ReadAsync(FileStream stream, string name, long start, int count, CancellationToken cancellationToken)
    {
        var buffer = new byte[count];
        stream.Position = start;
        await stream.ReadExactlyAsync(buffer, cancellationToken);
        return new AgentLogContent(name, start, count, stream.Length, Encoding.UTF8.GetString(buffer));
    }

    // Logs are being written while they are read: share both ways.
    private static FileStream OpenShared(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
}
