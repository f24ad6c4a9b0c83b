using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ConPaaS.Infrastructure.Certificates;
using Microsoft.Extensions.Logging;

namespace ConPaaS.Infrastructure.Clouds.Local;

/// <summary>
/// The default cloud: each node is a machine on this host, by default an isolated one (its own namespaces,
/// private address, cgroup and unprivileged user; see <see cref="LocalNodeIsolation"/>), with its own folder
/// <c>&lt;nodes&gt;/&lt;nodeId&gt;/</c> (certificates, <c>node.json</c>, logs, role data). Nodes outlive the
/// portal; a new <see cref="LocalCloud"/> on the same folder finds them again. The cloud lends no more than the
/// host's capacity.
/// </summary>
public sealed class LocalCloud : ICloud
{
    public const string DriverName = "local";

    private readonly LocalCloudOptions _options;
    private readonly NodeBootstrapFactory _bootstrap;
    private readonly ILogger<LocalCloud> _logger;
    private readonly TimeProvider _time;
    private readonly NodeAddressRange _addresses;
    private readonly ILocalNodeLauncher _launcher;
    private readonly LocalCapacity _capacity;
    private readonly SemaphoreSlim _allocation = new(1, 1);

    public LocalCloud(CloudOptions cloud, NodeBootstrapFactory bootstrap, ILogger<LocalCloud> logger, TimeProvider? time = null)
    {
        if (string.IsNullOrEmpty(cloud.Local.NodesDirectory))
            throw new ArgumentException($"The local cloud '{cloud.Name}' has no nodes directory.", nameof(cloud));
        Name = cloud.Name;
        InstanceTypes = cloud.InstanceTypes.Count > 0 ? cloud.InstanceTypes : [new InstanceTypeOptions { Name = "small", PricePerHour = 0 }];
        _options = cloud.Local;
        _bootstrap = bootstrap;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _addresses = new NodeAddressRange(_options.AddressRangeStart, _options.AddressRangeEnd, _options.Isolation, _options.PrefixLength);
        _launcher = _options.Isolation == LocalNodeIsolation.Loopback
            ? new LoopbackNodeLauncher(_options)
            : new NamespaceNodeLauncher(_options, _addresses, InstanceTypes);
        _capacity = new LocalCapacity(Name, _options.Capacity, InstanceTypes);
        NodesDirectory = Directory.CreateDirectory(_options.NodesDirectory).FullName;
    }

    public string Name { get; }

    public string Driver => DriverName;

    public IReadOnlyList<InstanceTypeOptions> InstanceTypes { get; }

    public string NodesDirectory { get; }

    /// <summary>The folder of a node, whether or not it runs.</summary>
    public string NodeDirectory(string nodeId) => Path.Combine(NodesDirectory, NodeNames.EnsureValid(nodeId));

    public Task<IReadOnlyList<CloudNode>> CreateNodesAsync(IReadOnlyList<NodeSpec> specs, CancellationToken cancellationToken = default) =>
        ParallelNodeStart.RunAsync(Name, specs, spec => CreateNodeAsync(spec, cancellationToken));

    /// <summary>How many nodes of the type the host can hold at once, or null when the type is not limited.</summary>
    public int? MaxNodesOf(string instanceType) => _capacity.MaxNodesOf(instanceType);

    public async Task TerminateNodeAsync(string nodeId, CancellationToken cancellationToken = default)
    {
        var directory = NodeDirectory(nodeId);
        if (LocalNodeRecord.TryRead(directory) is { } record)
        {
            // Also when its agent is gone: what the agent started, and the node's cgroup and network, may outlive it.
            _logger.LogInformation("Terminating local node {NodeId} (pid {Pid})", nodeId, record.Pid);
            await _launcher.StopAsync(record, directory, cancellationToken);
        }
        if (Directory.Exists(directory))
            Directory.Delete(directory, recursive: true);
    }

    public Task<IReadOnlyList<CloudNode>> ListNodesAsync(CancellationToken cancellationToken = default)
    {
        IReadOnlyList<CloudNode> nodes = Directory.EnumerateDirectories(NodesDirectory)
            .Select(LocalNodeRecord.TryRead)
            .OfType<LocalNodeRecord>()
            .Where(record => _launcher.IsRunning(record, NodeDirectory(record.NodeId)))
            .Select(ToCloudNode)
            .OrderBy(node => node.NodeId, StringComparer.Ordinal)
            .ToList();
        return Task.FromResult(nodes);
    }

    private async Task<CloudNode> CreateNodeAsync(NodeSpec spec, CancellationToken cancellationToken)
    {
        var directory = NodeDirectory(spec.NodeId);
        if (LocalNodeRecord.TryRead(directory) is { } existing && existing.Pid > 0 && _launcher.IsRunning(existing, directory))
            return ToCloudNode(existing);

        var instanceType = ResolveInstanceType(spec);
        EnsureLauncherCanRun(spec);
        var reserved = await ReserveAsync(spec, instanceType, directory, cancellationToken);
        try
        {
            var bootstrap = _bootstrap.Create(spec, [IPAddress.Parse(reserved.Address)]);
            bootstrap.Credentials.WriteTo(Path.Combine(directory, "certs"));
            if (bootstrap.StartupScript is not null)
                await File.WriteAllTextAsync(Path.Combine(directory, NodeBootstrap.StartupScriptFileName), bootstrap.StartupScript, cancellationToken);

            var pid = _launcher.Start(reserved, spec, directory);
            var started = reserved with { Pid = pid, StartedAt = _time.GetUtcNow() };
            started.Write(directory);
            await WaitUntilListeningAsync(started, directory, cancellationToken);
            _logger.LogInformation("Local node {NodeId} runs at {Address}:{Port} (pid {Pid})", spec.NodeId, started.Address, started.Port, pid);
            return ToCloudNode(started);
        }
        catch (Exception exception)
        {
            _logger.LogWarning(exception, "Local node {NodeId} did not start; cleaning up", spec.NodeId);
            await TerminateNodeAsync(spec.NodeId, CancellationToken.None);
            throw exception is CloudException or OperationCanceledException
                ? exception
                : new CloudException(Name, $"Local node {spec.NodeId} did not start: {exception.Message}", exception) { NodeIds = [spec.NodeId] };
        }
    }

    /// <summary>Isolation is made by root with tools from Debian: say what is missing before anything is reserved.</summary>
    private void EnsureLauncherCanRun(NodeSpec spec)
    {
        if (_options.Isolation != LocalNodeIsolation.Namespaces)
            return;
        string? problem = Environment.UserName != "root" && geteuid() != 0
            ? "isolates its nodes with namespaces and cgroups, which needs the portal to run as root; run it as root, or set its Local:Isolation to Loopback (which protects nothing from the user's code)"
            : Isolation.NodeSandbox.MissingTools().ToList() is { Count: > 0 } missing
                ? $"needs {string.Join(", ", missing)} to isolate its nodes (Debian packages bubblewrap, util-linux, iproute2); run scripts/install-prerequisites.sh"
                : null;
        if (problem is not null)
            throw new CloudException(Name, $"The local cloud '{Name}' {problem}.") { NodeIds = [spec.NodeId] };
    }

#pragma warning disable SYSLIB1054 // no arguments, an int back: nothing to marshal
    [System.Runtime.InteropServices.DllImport("libc")]
    private static extern uint geteuid();
#pragma warning restore SYSLIB1054

    private string ResolveInstanceType(NodeSpec spec)
    {
        if (spec.InstanceType is null)
            return InstanceTypes[0].Name;
        return InstanceTypes.Any(type => type.Name == spec.InstanceType)
            ? spec.InstanceType
            : throw new CloudException(Name, $"The cloud '{Name}' has no instance type '{spec.InstanceType}'.") { NodeIds = [spec.NodeId] };
    }

    /// <summary>
    /// Picks a free address and claims it with a <c>node.json</c> of pid 0 before anyone else looks, so nodes
    /// created in parallel never share one.
    /// </summary>
    private async Task<LocalNodeRecord> ReserveAsync(NodeSpec spec, string instanceType, string directory, CancellationToken cancellationToken)
    {
        await _allocation.WaitAsync(cancellationToken);
        try
        {
            if (LocalNodeRecord.TryRead(directory) is { } dead)
                await _launcher.StopAsync(dead, directory, cancellationToken); // a dead node of the same id: only its leftovers to end
            if (Directory.Exists(directory))
                Directory.Delete(directory, recursive: true);
            var records = Directory.EnumerateDirectories(NodesDirectory)
                .Select(LocalNodeRecord.TryRead)
                .OfType<LocalNodeRecord>()
                .ToList();
            // Any live pid holds its address: while the launch script execs into the agent, its command line is
            // not yet the agent's, and a parallel reservation must not take the address meanwhile.
            var live = records.Where(record => record.Pid == 0 || AgentProcesses.IsRunning(record.Pid) || _launcher.IsRunning(record, NodeDirectory(record.NodeId))).ToList();
            _capacity.EnsureRoomFor(instanceType, live.Select(record => record.InstanceType), spec.NodeId);
            var taken = live.Select(record => record.Address).ToHashSet();
            var address = await ClaimAddressAsync(spec, taken, records, cancellationToken);
            Directory.CreateDirectory(directory);
            var record = new LocalNodeRecord(spec.NodeId, address.ToString(), _options.AgentPort, 0, _time.GetUtcNow(), spec.Roles, instanceType, spec.ServiceId);
            record.Write(directory);
            return record;
        }
        finally
        {
            _allocation.Release();
        }
    }

    /// <summary>
    /// The first address of the range that no live node of ours holds and that this cloud can claim. A dead node
    /// of ours may still hold its address on the host (its network, its cgroup): it is taken apart first.
    /// </summary>
    private async Task<IPAddress> ClaimAddressAsync(NodeSpec spec, HashSet<string> taken, List<LocalNodeRecord> records, CancellationToken cancellationToken)
    {
        await _launcher.PrepareAsync(cancellationToken);
        foreach (var candidate in _addresses.All())
        {
            var text = candidate.ToString();
            if (taken.Contains(text))
                continue;
            foreach (var dead in records.Where(record => record.Address == text))
            {
                await _launcher.StopAsync(dead, NodeDirectory(dead.NodeId), cancellationToken);
                // Its address goes to another node now: a later terminate of the dead one must not take that apart.
                File.Delete(Path.Combine(NodeDirectory(dead.NodeId), LocalNodeRecord.FileName));
            }
            if (_launcher.TryClaim(candidate, _options.AgentPort))
                return candidate;
        }
        throw new CloudException(Name, $"The local cloud '{Name}' has no free address left in {_options.AddressRangeStart}–{_options.AddressRangeEnd}.")
        {
            NodeIds = [spec.NodeId],
        };
    }

    /// <summary>Waits until the agent accepts TCP connections; its early death ends the wait with its own words.</summary>
    private async Task WaitUntilListeningAsync(LocalNodeRecord node, string directory, CancellationToken cancellationToken)
    {
        var elapsed = Stopwatch.StartNew();
        var endpoint = new IPEndPoint(IPAddress.Parse(node.Address), node.Port);
        while (elapsed.Elapsed < _options.StartTimeout)
        {
            // Until bash and setsid have exec'd, the pid is not yet the agent's: only its end means failure.
            if (!AgentProcesses.IsRunning(node.Pid))
                throw new CloudException(Name, $"The agent of node {node.NodeId} exited at start: {ConsoleTail(directory)}") { NodeIds = [node.NodeId] };
            if (!_launcher.IsNetworkReady(node.Pid))
            {
                await Task.Delay(20, cancellationToken);
                continue;
            }
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync(endpoint, cancellationToken);
                if (AgentProcesses.IsAgentOf(node.Pid, node.NodeId))
                    return;
                throw new CloudException(Name, $"Something other than the agent of node {node.NodeId} listens at {endpoint}.") { NodeIds = [node.NodeId] };
            }
            catch (SocketException)
            {
                await Task.Delay(50, cancellationToken);
            }
        }
        throw new CloudException(Name, $"The agent of node {node.NodeId} did not listen within {_options.StartTimeout.TotalSeconds:F0} s.") { NodeIds = [node.NodeId] };
    }

    private static string ConsoleTail(string directory)
    {
        try
        {
            var text = File.ReadAllText(Path.Combine(directory, "logs", AgentProcesses.ConsoleLogFileName)).Trim();
            return text.Length <= 2000 ? text : text[^2000..];
        }
        catch (IOException)
        {
            return "(no output)";
        }
    }

    private CloudNode ToCloudNode(LocalNodeRecord record) =>
        new(record.NodeId, Name, record.Address, record.Port, record.Roles, record.InstanceType, record.StartedAt);
}
