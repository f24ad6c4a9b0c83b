using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;

namespace ConPaaS.Infrastructure.Clouds.Vm;

/// <summary>
/// The agent build as one <c>.tar.gz</c> that new machines download (from the portal's
/// <c>/agent/conpaas-agent.tar.gz</c> or a mirror of it), with its SHA-256 so that the user-data can refuse a
/// damaged or substituted download. Packed once per process from the agent folder beside the portal.
/// </summary>
public sealed class AgentPackage(string agentDirectory, string cacheDirectory)
{
    public const string FileName = "conpaas-agent.tar.gz";

    private readonly Lazy<Task<(string Path, string Sha256)>> _packed = new(() => Task.Run(() => Pack(agentDirectory, cacheDirectory)));

    /// <summary>The packed file on disk.</summary>
    public async Task<string> GetPathAsync() => (await _packed.Value).Path;

    /// <summary>The packed file's SHA-256, lower-case hex, as <c>sha256sum</c> prints it.</summary>
    public async Task<string> GetSha256Async() => (await _packed.Value).Sha256;

    private static (string, string) Pack(string agentDirectory, string cacheDirectory)
    {
        if (!File.Exists(Path.Combine(agentDirectory, "ConPaaS.Agent.dll")))
            throw new InvalidOperationException($"There is no agent build in '{agentDirectory}' to send to new machines.");
        Directory.CreateDirectory(cacheDirectory);
        var path = Path.Combine(cacheDirectory, FileName);
        var temporary = path + $".{Environment.ProcessId}.tmp";
        using (var file = File.Create(temporary))
        using (var gzip = new GZipStream(file, CompressionLevel.Optimal))
            TarFile.CreateFromDirectory(agentDirectory, gzip, includeBaseDirectory: false);
        File.Move(temporary, path, overwrite: true);
        using var read = File.OpenRead(path);
        return (path, Convert.ToHexStringLower(SHA256.HashData(read)));
    }
}
