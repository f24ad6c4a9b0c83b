using System.Text;
using System.Text.Json;
using ConPaaS.Infrastructure.Options;
using Microsoft.Extensions.Options;

namespace ConPaaS.Infrastructure.Services.TaskFarm;

/// <summary>
/// Reads and writes a farm's files. The state is replaced atomically (a temp file renamed over it), so a crash
/// leaves the old or the new state, never half of one; results are appended and de-duplicated on reading.
/// </summary>
public sealed class FarmStore(IOptions<ConPaaSOptions> options)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private string Root => Path.Combine(options.Value.ResolveDataDirectory(), "services");

    public string Folder(int serviceId) => Path.Combine(Root, serviceId.ToString(System.Globalization.CultureInfo.InvariantCulture), "taskfarm");

    public FarmFile Load(int serviceId)
    {
        var path = Path.Combine(Folder(serviceId), "state.json");
        return File.Exists(path) ? JsonSerializer.Deserialize<FarmFile>(File.ReadAllBytes(path), Json) ?? new FarmFile() : new FarmFile();
    }

    public void Save(int serviceId, FarmFile farm) => WriteAtomically(serviceId, "state.json", JsonSerializer.SerializeToUtf8Bytes(farm, Json));

    /// <summary>Starts a new bag: the old bag's results go, the new bag's text is kept beside the state.</summary>
    public void Reset(int serviceId, byte[] bag)
    {
        var folder = Directory.CreateDirectory(Folder(serviceId)).FullName;
        File.Delete(Path.Combine(folder, "results.jsonl"));
        WriteAtomically(serviceId, "bag.txt", bag);
    }

    public byte[] Bag(int serviceId) => File.ReadAllBytes(Path.Combine(Folder(serviceId), "bag.txt"));

    public void Append(int serviceId, IEnumerable<FarmResult> results)
    {
        var text = new StringBuilder();
        foreach (var result in results)
            text.Append(JsonSerializer.Serialize(result, Json)).Append('\n');
        if (text.Length > 0)
            File.AppendAllText(Path.Combine(Directory.CreateDirectory(Folder(serviceId)).FullName, "results.jsonl"), text.ToString());
    }

    /// <summary>Every task's first recorded result; a line cut off by a crash is skipped.</summary>
    public IReadOnlyDictionary<int, FarmResult> Results(int serviceId)
    {
        var path = Path.Combine(Folder(serviceId), "results.jsonl");
        var results = new Dictionary<int, FarmResult>();
        if (!File.Exists(path))
            return results;
        foreach (var line in File.ReadLines(path))
        {
            try
            {
                if (JsonSerializer.Deserialize<FarmResult>(line, Json) is { } result)
                    results.TryAdd(result.Task, result);
            }
            catch (JsonException)
            {
                // The last line of a crashed write: the result is read again from its worker.
            }
        }
        return results;
    }

    /// <summary>Services with a farm folder: the loop looks at each.</summary>
    public IEnumerable<int> Farms() =>
        Directory.Exists(Root)
            ? Directory.EnumerateDirectories(Root)
                .Where(d => File.Exists(Path.Combine(d, "taskfarm", "state.json")))
                .Select(d => int.TryParse(Path.GetFileName(d), out var id) ? id : -1)
                .Where(id => id > 0)
            : [];

    private void WriteAtomically(int serviceId, string name, byte[] content)
    {
        var folder = Directory.CreateDirectory(Folder(serviceId)).FullName;
        var temp = Path.Combine(folder, $".{name}.{Guid.NewGuid():N}.tmp");
        File.WriteAllBytes(temp, content);
        File.Move(temp, Path.Combine(folder, name), overwrite: true);
    }
}
