using System.Formats.Tar;
using System.IO.Compression;
using ConPaaS.Agent.Hosting;

namespace ConPaaS.Agent.Roles.TaskFarm;

/// <summary>
/// The outputs of every task this worker ran, as a gzipped tar of <c>&lt;task id&gt;/stdout</c> and
/// <c>&lt;task id&gt;/stderr</c>: what the tasks wrote, whole, not the tail that goes back with each result.
/// Each is opened without following a link: a task owns its folder, and the agent reading it is root.
/// </summary>
public static class TaskOutputArchive
{
    private static readonly string[] Streams = ["stdout", "stderr"];

    public static async Task WriteAsync(string tasksDirectory, Stream destination)
    {
        await using var gzip = new GZipStream(destination, CompressionLevel.Fastest, leaveOpen: true);
        await using var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true);
        foreach (var task in Directory.EnumerateDirectories(tasksDirectory).Where(path => !Path.GetFileName(path).StartsWith('.')))
        {
            foreach (var stream in Streams)
            {
                await using var output = OpenOutput(Path.Combine(task, stream));
                if (output is null)
                    continue;
                await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, $"{Path.GetFileName(task)}/{stream}")
                {
                    DataStream = output,
                    ModificationTime = File.GetLastWriteTimeUtc(output.SafeFileHandle),
                });
            }
        }
    }

    /// <summary>A task's output as a stream, or null when it has none (or left something else than a file there).</summary>
    public static FileStream? OpenOutput(string path)
    {
        try
        {
            var handle = PosixFiles.OpenForReadingNoFollow(path);
            return handle is null ? null : new FileStream(handle, FileAccess.Read);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
