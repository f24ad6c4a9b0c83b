using System.Diagnostics;
using ConPaaS.Infrastructure.Agents;
using ConPaaS.Infrastructure.Certificates;
using ConPaaS.Infrastructure.Clouds;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ConPaaS.Infrastructure.Tests.Clouds;

/// <summary>
/// A throw-away installation: a temporary data folder, its own Data Protection key ring and loopback range,
/// and the portal side (CA, agent client, local cloud) composed exactly as <c>AddClouds</c> composes it.
/// Disposing terminates every node and then kills, by pid, any agent process left in its node folders.
/// </summary>
public sealed class LocalCloudSandbox : IAsyncDisposable
{
    public const int AgentPort = 5443;

    private readonly List<ServiceProvider> _portals = [];
    private readonly List<int> _otherPids = [];
    private readonly IReadOnlyDictionary<string, string?> _settings;

    public LocalCloudSandbox() : this(new Dictionary<string, string?>()) { }

    /// <summary>A sandbox whose configuration adds or overrides <paramref name="settings"/> (instance types, capacity).</summary>
    public LocalCloudSandbox(IReadOnlyDictionary<string, string?> settings)
    {
        _settings = settings;
        DataDirectory = Directory.CreateTempSubdirectory("conpaas-test-").FullName;
        (AddressRangeStart, AddressRangeEnd) = TestAddressRanges.Next();
        Portal = StartPortal();
    }

    public string DataDirectory { get; }

    public string AddressRangeStart { get; }

    public string AddressRangeEnd { get; }

    /// <summary>The current "portal": its services as the composition root would hold them.</summary>
    public ServiceProvider Portal { get; private set; }

    public ICloud Cloud => Portal.GetRequiredService<CloudRegistry>().Default;

    public IAgentClient Client => Portal.GetRequiredService<IAgentClient>();

    public CertificateAuthority Authority => Portal.GetRequiredService<CertificateAuthority>();

    public string NodesDirectory => Path.Combine(DataDirectory, "nodes");

    /// <summary>A new portal on the same data folder, as after a restart: nothing is shared but the disk.</summary>
    public ServiceProvider RestartPortal() => Portal = StartPortal();

    /// <summary>The agent process of a node itself (not the sandbox around it), found by its command line.</summary>
    public int AgentPid(string nodeId)
    {
        var nodeDirectory = Path.Combine(NodesDirectory, nodeId);
        foreach (var proc in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(proc), out var pid))
                continue;
            try
            {
                var arguments = File.ReadAllText(Path.Combine(proc, "cmdline")).Split('\0');
                if (Path.GetFileName(arguments[0]) == "dotnet" && arguments.Contains($"--Agent:NodeId={nodeId}")
                    && arguments.Contains($"--Agent:DataDirectory={nodeDirectory}"))
                    return pid;
            }
            catch (IOException)
            {
                // Gone meanwhile.
            }
        }
        var seen = Directory.EnumerateDirectories("/proc").Select(proc => { try { return File.ReadAllText(Path.Combine(proc, "cmdline")).Replace('\0', ' '); } catch (IOException) { return ""; } })
            .Where(line => line.Contains($"--Agent:NodeId={nodeId}", StringComparison.Ordinal));
        throw new InvalidOperationException($"No agent of {nodeId} runs under {NodesDirectory}: {string.Join(" | ", seen)}");
    }

    /// <summary>A process the test started outside the cloud; killed at disposal too.</summary>
    public void TrackPid(int pid) => _otherPids.Add(pid);

    public async Task<CloudNode> CreateNodeAsync(string nodeId, string? startupScript = null) =>
        (await Cloud.CreateNodesAsync([new NodeSpec(nodeId, ["test"], StartupScript: startupScript)])).Single();

    public async ValueTask DisposeAsync()
    {
        try
        {
            // Every node folder, not only the live nodes: a node whose agent died still has a cgroup and a network.
            if (Directory.Exists(NodesDirectory))
            {
                foreach (var node in Directory.EnumerateDirectories(NodesDirectory))
                    await Cloud.TerminateNodeAsync(Path.GetFileName(node));
            }
        }
        finally
        {
            KillLeftovers();
            foreach (var portal in _portals)
                await portal.DisposeAsync();
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A process that outlived SIGKILL for a moment may still hold a file; the folder is temporary.
            }
        }
    }

    private ServiceProvider StartPortal()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConPaaS:Clouds:0:Name"] = "local",
            ["ConPaaS:Clouds:0:Driver"] = "local",
            ["ConPaaS:Clouds:0:InstanceTypes:0:Name"] = "small",
            ["ConPaaS:Clouds:0:InstanceTypes:0:PricePerHour"] = "0.1",
            ["ConPaaS:Clouds:0:Local:AddressRangeStart"] = AddressRangeStart,
            ["ConPaaS:Clouds:0:Local:AddressRangeEnd"] = AddressRangeEnd,
            ["ConPaaS:Clouds:0:Local:AgentPort"] = AgentPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ConPaaS:Agents:AttemptTimeout"] = "00:00:05",
            ["ConPaaS:Agents:TotalTimeout"] = "00:00:10",
            ["ConPaaS:Agents:RetryDelay"] = "00:00:00.050",
        }).AddInMemoryCollection(_settings).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(DataProtectionProvider.Create(new DirectoryInfo(Path.Combine(DataDirectory, "keys"))))
            .AddClouds(configuration, DataDirectory);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        _portals.Add(provider);
        return provider;
    }

    private void KillLeftovers()
    {
        foreach (var pid in _otherPids)
            KillIfOurs(pid, standIn: true);
        var pids = new List<int>();
        if (Directory.Exists(NodesDirectory))
        {
            foreach (var nodeJson in Directory.EnumerateFiles(NodesDirectory, "node.json", SearchOption.AllDirectories))
            {
                var text = File.ReadAllText(nodeJson);
                var marker = text.IndexOf("\"pid\":", StringComparison.Ordinal);
                if (marker >= 0 && int.TryParse(new string(text[(marker + 6)..].SkipWhile(char.IsWhiteSpace).TakeWhile(char.IsDigit).ToArray()), out var pid))
                    pids.Add(pid);
            }
        }
        foreach (var pid in pids.Where(pid => pid > 0))
            KillIfOurs(pid, standIn: false);
    }

    /// <summary>
    /// SIGKILL, but only to a process this test started: an agent of its nodes (named on its command line: pids
    /// come back fast here, and a node's record may name another test's process by now), or the sleep stand-in
    /// it tracked itself.
    /// </summary>
    private void KillIfOurs(int pid, bool standIn)
    {
        try
        {
            var commandLine = File.ReadAllText($"/proc/{pid}/cmdline");
            bool ours = standIn
                ? commandLine.StartsWith("sleep", StringComparison.Ordinal)
                : commandLine.Contains("ConPaaS.Agent.dll", StringComparison.Ordinal) && commandLine.Contains(NodesDirectory, StringComparison.Ordinal);
            if (!ours)
                return;
            using var process = Process.GetProcessById(pid);
            process.Kill();
            process.WaitForExit(5000);
        }
        catch (Exception exception) when (exception is IOException or ArgumentException or InvalidOperationException)
        {
            // Already gone.
        }
    }
}
