using System.Text.Json;

namespace ConPaaS.Infrastructure.Clouds.Local;

/// <summary>
/// <c>node.json</c> in a local node's folder: what a later portal needs to re-adopt the node, and to take it
/// apart. A pid of 0 means the node is being created (its address is reserved, its process not yet started).
/// </summary>
internal sealed record LocalNodeRecord(
    string NodeId, string Address, int Port, int Pid, DateTimeOffset StartedAt, IReadOnlyList<string> Roles, string InstanceType,
    int? ServiceId = null)
{
    public const string FileName = "node.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static LocalNodeRecord? TryRead(string nodeDirectory)
    {
        try
        {
            return JsonSerializer.Deserialize<LocalNodeRecord>(File.ReadAllText(Path.Combine(nodeDirectory, FileName)), Json);
        }
        catch (Exception exception) when (exception is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public void Write(string nodeDirectory)
    {
        var path = Path.Combine(nodeDirectory, FileName);
        File.WriteAllText(path + ".tmp", JsonSerializer.Serialize(this, Json));
        File.Move(path + ".tmp", path, overwrite: true);
    }
}
