using System.Diagnostics;
using System.Net;
using ConPaaS.Infrastructure.Clouds.Local.Isolation;

namespace ConPaaS.Infrastructure.Clouds.Local;

/// <summary>
/// Isolated nodes: each agent runs as root inside a sandbox of its own (see <see cref="NodeSandbox"/>) and runs
/// its roles' servers as the node's unprivileged user. Nodes of one service share that user and the service's
/// shared folder (PHP sessions), and nothing else.
/// </summary>
internal sealed class NamespaceNodeLauncher : ILocalNodeLauncher
{
    private readonly LocalCloudOptions _options;
    private readonly NodeAddressRange _range;
    private readonly IReadOnlyList<InstanceTypeOptions> _types;

    public NamespaceNodeLauncher(LocalCloudOptions options, NodeAddressRange range, IReadOnlyList<InstanceTypeOptions> types)
    {
        _options = options;
        _range = range;
        _types = types;
        // From the start, not only once a node exists: a health check of a node left from an earlier run must
        // never be routed off this machine.
        if (Environment.UserName == "root")
            NodeSandbox.Fence(_range);
    }

    /// <summary>
    /// An address is held while a network namespace of its name exists, whoever made it; making that namespace
    /// is the claim, and the kernel lets only one of two racing claims succeed.
    /// </summary>
    public bool TryClaim(IPAddress address, int port) => NodeSandbox.TryClaim(address);

    public Task PrepareAsync(CancellationToken cancellationToken) => NodeSandbox.PrepareNetworkAsync(_range, cancellationToken);

    /// <summary>
    /// By the agent process itself in the node's cgroup rather than the pid the launch returned (the sandbox's
    /// outer process, which outlives a dead agent while the sandbox's init still reaps what the agent left).
    /// </summary>
    public bool IsRunning(LocalNodeRecord record, string nodeDirectory) =>
        NodeSandbox.Processes(Describe(record, nodeDirectory)).Any(pid => AgentProcesses.IsAgentItself(pid, record.NodeId));

    /// <summary>The launch script makes the network, then becomes the sandbox: once it is no longer bash, the address is there.</summary>
    public bool IsNetworkReady(int launchPid)
    {
        try
        {
            return File.ReadAllText($"/proc/{launchPid}/comm").Trim() != "bash";
        }
        catch (IOException)
        {
            return true; // gone: the caller finds out why
        }
    }

    public int Start(LocalNodeRecord record, NodeSpec spec, string nodeDirectory)
    {
        var node = Describe(record, nodeDirectory);
        var certificates = Path.Combine(nodeDirectory, "certs");
        if (Directory.Exists(certificates))
            File.SetUnixFileMode(certificates, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        foreach (var shared in node.SharedDirectories)
        {
            Directory.CreateDirectory(shared);
            FileOwnership.Change(shared, node.WorkloadUid, node.WorkloadUid);
        }
        var start = NodeSandbox.StartInfo(node, AgentProcesses.ConsoleLog(nodeDirectory), AgentProcesses.Command(_options, record, nodeDirectory, node.WorkloadUid));
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start.");
        return process.Id;
    }

    public async Task StopAsync(LocalNodeRecord record, string nodeDirectory, CancellationToken cancellationToken)
    {
        var node = Describe(record, nodeDirectory);
        var agent = NodeSandbox.Processes(node).FirstOrDefault(pid => AgentProcesses.IsAgentItself(pid, record.NodeId));
        if (agent > 0 && PosixSignals.Send(agent, PosixSignals.SigTerm))
            await AgentProcesses.WaitForExitAsync(agent, _options.StopTimeout, cancellationToken);
        await NodeSandbox.TearDownAsync(node, cancellationToken);
    }

    /// <summary>The node's sandbox as its record describes it: the same every time, so a later portal can take it apart.</summary>
    public SandboxedNode Describe(LocalNodeRecord record, string nodeDirectory)
    {
        var type = _types.FirstOrDefault(candidate => candidate.Name == record.InstanceType);
        var readOnly = new List<string> { Path.GetDirectoryName(_options.ResolveAgentPath())! };
        var runtime = Path.GetDirectoryName(ResolveLinks(_options.ResolveDotnetPath()));
        if (runtime is not null && !runtime.StartsWith("/usr/", StringComparison.Ordinal))
            readOnly.Add(runtime);
        var shared = record.ServiceId is { } serviceId && !string.IsNullOrEmpty(_options.ServicesDirectory)
            ? new[] { Path.Combine(_options.ServicesDirectory, serviceId.ToString(System.Globalization.CultureInfo.InvariantCulture), "shared") }
            : [];
        return new SandboxedNode(
            record.NodeId, IPAddress.Parse(record.Address), _range, nodeDirectory, WorkloadUid(record),
            type?.Cores ?? 0, type?.MemoryMiB ?? 0, _options.MaxProcessesPerNode, readOnly, shared);
    }

    /// <summary>
    /// One uid per service (its nodes share files such as PHP sessions); a node of no service gets one from its
    /// address, above every service's.
    /// </summary>
    private int WorkloadUid(LocalNodeRecord record) =>
        record.ServiceId is { } serviceId
            ? _options.FirstWorkloadUid + serviceId
            : _options.FirstWorkloadUid + 10_000_000 + (IPAddress.Parse(record.Address).GetAddressBytes() is var bytes ? bytes[2] << 8 | bytes[3] : 0);

    private static string ResolveLinks(string path)
    {
        if (!Path.IsPathRooted(path))
        {
            path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
                .Select(directory => Path.Combine(directory, path)).FirstOrDefault(File.Exists) ?? path;
        }
        return File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? path;
    }
}
