using System.Formats.Tar;
using System.Globalization;
using System.IO.Compression;
using ConPaaS.Domain.Nodes;
using ConPaaS.Infrastructure.Agents;
using ConPaaS.Infrastructure.Managers;
using Microsoft.Extensions.Logging;

namespace ConPaaS.Infrastructure.Services.TaskFarm;

/// <summary>
/// The bag's outputs, whole. A worker's task folders go with its node, so before a running worker is ended its
/// outputs come to the farm's folder (<c>outputs/node-&lt;id&gt;.tar.gz</c>); the bag's archive is made from those,
/// each task's output from the worker whose result counted (a ZIP, written to a file: the zip writer is
/// synchronous). A task whose worker was lost before that keeps the tail that came back with its result
/// (<c>stdout.tail</c>). See docs/decisions/008.
/// </summary>
public sealed class FarmOutputs(FarmStore store, AgentTaskFarmClient client, ILogger<FarmOutputs> logger)
{
    public const string ReadMe = """
        One folder per task, named by its line in the bag (line-<n>), with what the task wrote to stdout and stderr.
        A task whose worker was lost before its outputs were collected has only the last 2 KiB of each (*.tail).
        """;

    /// <summary>
    /// Fetches the outputs of a worker that is running or being taken out of service; a worker that cannot be
    /// reached keeps only the tails (logged, not thrown).
    /// </summary>
    public async Task CollectAsync(Node node, CancellationToken ct)
    {
        if (node.State is not (NodeState.Running or NodeState.Stopping) || node.Address is null)
            return;
        var folder = Directory.CreateDirectory(OutputsFolder(node.ServiceId)).FullName;
        var target = Path.Combine(folder, $"node-{node.Id.ToString(CultureInfo.InvariantCulture)}.tar.gz");
        // Its own partial file: a stop of the service may collect a worker while the farm's last step ends it.
        var partial = $"{target}.{Guid.NewGuid():N}.part";
        try
        {
            await using (var file = File.Create(partial))
                await client.DownloadOutputsAsync(ManagerContext.Endpoint(node), file, ct);
            File.Move(partial, target, overwrite: true);
        }
        catch (AgentException exception)
        {
            File.Delete(partial);
            logger.LogWarning("Outputs of worker node {NodeId} were not collected ({Reason}); its tasks keep the tails of their outputs", node.Id, exception.Message);
        }
    }

    /// <summary>Writes the bag's outputs as a ZIP: per task, the whole output from its worker, else the kept tail.</summary>
    public async Task WriteArchiveAsync(int serviceId, FarmFile farm, IReadOnlyList<int> lineNumbers, Stream destination, CancellationToken ct)
    {
        var results = store.Results(serviceId);
        var written = new HashSet<int>();
        using var zip = new ZipArchive(destination, ZipArchiveMode.Create, leaveOpen: true);
        await WriteTextAsync(zip, "README.txt", ReadMe);
        var folder = OutputsFolder(serviceId);
        var archives = Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "node-*.tar.gz") : [];
        foreach (var archive in archives)
        {
            try
            {
                await CopyTaskOutputsAsync(archive, zip, farm, results, lineNumbers, written, ct);
            }
            catch (Exception exception) when (exception is EndOfStreamException or InvalidDataException)
            {
                // A worker with no task writes an empty archive, and a damaged one must not cost the others: its
                // tasks keep their tails.
                logger.LogInformation("Outputs archive {Archive} is empty or damaged ({Reason}); its tasks keep their tails", Path.GetFileName(archive), exception.Message);
            }
        }
        foreach (var result in results.Values.Where(r => !written.Contains(r.Task)).OrderBy(r => r.Task))
        {
            await WriteTextAsync(zip, $"{TaskFolder(result.Task, lineNumbers)}/stdout.tail", result.Stdout);
            await WriteTextAsync(zip, $"{TaskFolder(result.Task, lineNumbers)}/stderr.tail", result.Stderr);
        }
    }

    /// <summary>Copies from one worker's archive the outputs of the tasks whose counted result came from that worker.</summary>
    private static async Task CopyTaskOutputsAsync(
        string archive, ZipArchive zip, FarmFile farm, IReadOnlyDictionary<int, FarmResult> results, IReadOnlyList<int> lineNumbers, HashSet<int> written, CancellationToken ct)
    {
        int nodeId = int.Parse(Path.GetFileName(archive)["node-".Length..^".tar.gz".Length], CultureInfo.InvariantCulture);
        await using var gzip = new GZipStream(File.OpenRead(archive), CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        while (await tar.GetNextEntryAsync(copyData: false, ct) is { } entry)
        {
            // "<wire id>/stdout": a task of this bag (the id carries the bag's generation).
            var parts = entry.Name.Split('/');
            if (parts.Length != 2 || entry.DataStream is null || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out int wire))
                continue;
            int task = wire - FarmIds.Wire(farm, 0);
            if (task < 0 || task >= farm.TaskCount || !results.TryGetValue(task, out var result) || result.NodeId != nodeId)
                continue;
            await using var output = zip.CreateEntry($"{TaskFolder(task, lineNumbers)}/{parts[1]}", CompressionLevel.Fastest).Open();
            await entry.DataStream.CopyToAsync(output, ct);
            written.Add(task);
        }
    }

    private string OutputsFolder(int serviceId) => store.OutputsFolder(serviceId);

    private static string TaskFolder(int task, IReadOnlyList<int> lineNumbers) => $"line-{lineNumbers[task].ToString(CultureInfo.InvariantCulture)}";

    private static async Task WriteTextAsync(ZipArchive zip, string name, string text)
    {
        await using var writer = new StreamWriter(zip.CreateEntry(name, CompressionLevel.Fastest).Open());
        await writer.WriteAsync(text);
    }
}
