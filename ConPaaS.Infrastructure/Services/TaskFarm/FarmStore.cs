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
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, ResultsCache> _results = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, SavedState> _saved = new();

    private string Root => Path.Combine(options.Value.ResolveDataDirectory(), "services");

    public string Folder(int serviceId) => Path.Combine(Root, serviceId.ToString(System.Globalization.CultureInfo.InvariantCulture), "taskfarm");

    /// <summary>Where the workers' collected outputs of the current bag are kept (see <see cref="FarmOutputs"/>).</summary>
    public string OutputsFolder(int serviceId) => Path.Combine(Folder(serviceId), "outputs");

    public FarmFile Load(int serviceId)
    {
        var path = Path.Combine(Folder(serviceId), "state.json");
        return File.Exists(path) ? JsonSerializer.Deserialize<FarmFile>(File.ReadAllBytes(path), Json) ?? new FarmFile() : new FarmFile();
    }

    public void Save(int serviceId, FarmFile farm)
    {
        WriteAtomically(serviceId, "state.json", JsonSerializer.SerializeToUtf8Bytes(farm, Json));
        var saved = _saved.GetOrAdd(serviceId, _ => new SavedState());
        lock (saved)
            saved.Farm = null;
    }

    /// <summary>
    /// The state as last saved, for reading only: one instance shared by every reader until the next save. A
    /// live page or a <c>cps progress --wait</c> looks several times a second, and parsing the whole state (a
    /// value per task) for each look cost the portal more than stepping the farm; now it is parsed once a save.
    /// Whoever changes the state loads its own copy (<see cref="Load"/>) under the farm's lock.
    /// </summary>
    public FarmFile Peek(int serviceId)
    {
        var saved = _saved.GetOrAdd(serviceId, _ => new SavedState());
        lock (saved)
            return saved.Farm ??= Load(serviceId);
    }

    /// <summary>Starts a new bag: the old bag's results and outputs go, the new bag's text is kept beside the state.</summary>
    public void Reset(int serviceId, byte[] bag)
    {
        var folder = Directory.CreateDirectory(Folder(serviceId)).FullName;
        if (Directory.Exists(OutputsFolder(serviceId)))
            Directory.Delete(OutputsFolder(serviceId), recursive: true);
        var cache = _results.GetOrAdd(serviceId, _ => new ResultsCache());
        lock (cache)
        {
            File.Delete(Path.Combine(folder, "results.jsonl"));
            cache.Reset();
        }
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

    /// <summary>
    /// Every task's first recorded result; a line cut off by a crash is skipped. Progress is read often (every
    /// step of a live page), so the file is parsed once and then only its new lines: results are only appended,
    /// and a new bag (<see cref="Reset(int, byte[])"/>) forgets what was read.
    /// </summary>
    public IReadOnlyDictionary<int, FarmResult> Results(int serviceId)
    {
        var path = Path.Combine(Folder(serviceId), "results.jsonl");
        var cache = _results.GetOrAdd(serviceId, _ => new ResultsCache());
        lock (cache)
        {
            if (!File.Exists(path))
            {
                cache.Reset();
                return cache.Snapshot;
            }
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (file.Length < cache.Read)
                cache.Reset();
            file.Seek(cache.Read, SeekOrigin.Begin);
            using var reader = new StreamReader(file);
            long offset = cache.Read;
            while (reader.ReadLine() is { } line)
            {
                // A line without its newline may still be being written: read it again next time.
                long next = offset + System.Text.Encoding.UTF8.GetByteCount(line) + 1;
                if (next > file.Length)
                    break;
                offset = next;
                try
                {
                    if (JsonSerializer.Deserialize<FarmResult>(line, Json) is { } result)
                        cache.Add(result);
                }
                catch (JsonException)
                {
                    // The last line of a crashed write: the result is read again from its worker.
                }
            }
            cache.Read = offset;
            return cache.Snapshot;
        }
    }

    private sealed class ResultsCache
    {
        private IReadOnlyDictionary<int, FarmResult>? _snapshot;

        public long Read { get; set; }
        public Dictionary<int, FarmResult> Results { get; } = [];

        /// <summary>A copy for the callers, made again only after new results came in.</summary>
        public IReadOnlyDictionary<int, FarmResult> Snapshot => _snapshot ??= new Dictionary<int, FarmResult>(Results);

        public void Add(FarmResult result)
        {
            if (Results.TryAdd(result.Task, result))
                _snapshot = null;
        }

        public void Reset()
        {
            Read = 0;
            Results.Clear();
            _snapshot = null;
        }
    }

    /// <summary>The parsed state as last saved, or null until a reader asks for it.</summary>
    private sealed class SavedState
    {
        public FarmFile? Farm { get; set; }
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
