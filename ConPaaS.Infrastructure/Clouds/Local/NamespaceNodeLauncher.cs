using System.Diagnostics;
using System.Net;
using ConPaaS.Infrastructure.Clouds.Local.Isolation;

namespace ConPaaS.Infrastructure.Clouds.Local;

/// <summary>
/// Isolated nodes: each agent runs as root inside a sandbox of its own (see <see cref="NodeSandbox"/>) and runs
/// its roles' servers as the node's unprivileged user. Nodes of one service share that user and the service's
/// shared folder (PHP sessions), and nothing else.
/// </summary>
internal sealed class NamespaceNodeLauncher(LocalCloudOptions options, NodeAddressRange range, IReadOnlyList<InstanceTypeOptions> types) : ILocalNodeLauncher
{
    /// <summary>An address is held while a network namespace of its name exists, whoever made it.</summary>
    public bool IsFree(IPAddress address, int port) => !File.Exists($"/run/netns/{SandboxedNode.NetworkNamespaceOf(address)}");

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
        var start = NodeSandbox.StartInfo(node, AgentProcesses.ConsoleLog(nodeDirectory), AgentProcesses.Command(options, record, nodeDirectory, node.WorkloadUid));
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start.");
        return process.Id;
    }

    public async Task StopAsync(LocalNodeRecord record, string nodeDirectory, CancellationToken cancellationToken)
    {
        var node = Describe(record, nodeDirectory);
        var agent = NodeSandbox.Processes(node).FirstOrDefault(pid => AgentProcesses.IsAgentItself(pid, record.NodeId));
        if (agent > 0 && PosixSignals.Send(agent, PosixSignals.SigTerm))
            await AgentProcesses.WaitForExitAsync(agent, options.StopTimeout, cancellationToken);
        await NodeSandbox.TearDownAsync(node, cancellationToken);
    }

    /// <summary>The node's sandbox as its record describes it: the same every time, so a later portal can take it apart.</summary>
    public SandboxedNode Describe(LocalNodeRecord record, string nodeDirectory)
    {
        var type = types.FirstOrDefault(candidate => candidate.Name == record.InstanceType);
        var readOnly = new List<string> { Path.GetDirectoryName(options.ResolveAgentPath())! };
        var runtime = Path.GetDirectoryName(ResolveLinks(options.ResolveDotnetPath()));
        if (runtime is not null && !runtime.StartsWith("/usr/", StringComparison.Ordinal))
            readOnly.Add(runtime);
        var shared = record.ServiceId is { } serviceId && !string.IsNullOrEmpty(options.ServicesDirectory)
            ? new[] { Path.Combine(options.ServicesDirectory, serviceId.ToString(System.Globalization.CultureInfo.InvariantCulture), "shared") }
            : [];
        return new SandboxedNode(
            record.NodeId, IPAddress.Parse(record.Address), range, nodeDirectory, WorkloadUid(record),
            type?.Cores ?? 0, type?.MemoryMiB ?? 0, options.MaxProcessesPerNode, readOnly, shared);
    }

    /// <summary>
    /// One uid per service (its nodes share files such as PHP sessions); a node of no service gets one from its
    /// address, above every service's.
    /// </summary>
    private int WorkloadUid(LocalNodeRecord record) =>
        record.ServiceId is { } serviceId
            ? options.FirstWorkloadUid + serviceId
            : options.FirstWorkloadUid + 10_000_000 + (IPAddress.Parse(record.Address).GetAddressBytes() is var bytes ? bytes[2] << 8 | bytes[3] : 0);

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
