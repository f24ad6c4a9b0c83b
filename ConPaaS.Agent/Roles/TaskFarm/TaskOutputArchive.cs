using System.Formats.Tar;
using System.IO.Compression;

namespace ConPaaS.Agent.Roles.TaskFarm;

/// <summary>
/// The outputs of every task this worker ran, as a gzipped tar of <c>&lt;task id&gt;/stdout</c> and
/// <c>&lt;task id&gt;/stderr</c>: what the tasks wrote, whole, not the tail that goes back with each result.
/// </summary>
public static class TaskOutputArchive
{
    private static readonly string[] Streams = ["stdout", "stderr"];

    public static async Task WriteAsync(string tasksDirectory, Stream destination)
    {
        await using var gzip = new GZipStream(destination, CompressionLevel.Fastest, leaveOpen: true);
        await using var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true);
        foreach (var task in Directory.EnumerateDirectories(tasksDirectory))
        {
            foreach (var stream in Streams)
            {
                var file = Path.Combine(task, stream);
                if (File.Exists(file))
                    await tar.WriteEntryAsync(file, $"{Path.GetFileName(task)}/{stream}");
            }
        }
    }
}
