using System.Globalization;
using System.Net;

namespace ConPaaS.Infrastructure.Clouds.Local.Isolation;

/// <summary>
/// Everything that makes one local node an isolated machine, and the names of the host objects it owns. Every
/// name derives from the node's address, which no two live nodes on this host share (an address is taken only
/// where no network namespace of its name exists), so installations and test runs side by side never collide.
/// </summary>
internal sealed record SandboxedNode(
    string NodeId,
    IPAddress Address,
    NodeAddressRange Network,
    string NodeDirectory,
    int WorkloadUid,
    double Cores,
    int MemoryMiB,
    int MaxProcesses,
    IReadOnlyList<string> ReadOnlyDirectories,
    IReadOnlyList<string> SharedDirectories)
{
    public string Hex => NodeAddressRange.Hex(Address);

    public string NetworkNamespace => NetworkNamespaceOf(Address);

    public string HostVeth => $"cpsv{Hex}";

    public string Bridge => BridgeOf(Network);

    public static string BridgeOf(NodeAddressRange network) => $"cpsb{NodeAddressRange.Hex(network.Network!)}";

    public string CgroupName => $"node-{Hex}";

    /// <summary>Where the node's own <c>/etc/passwd</c> and <c>/etc/group</c> are written (root's, read-only to the node).</summary>
    public string EtcDirectory => Path.Combine(NodeDirectory, "sandbox");

    /// <summary>The workload user's home: the only folder of the node's own that the node's user owns from the start.</summary>
    public string HomeDirectory => Path.Combine(NodeDirectory, "home");

    public static string NetworkNamespaceOf(IPAddress address) => $"cps-{NodeAddressRange.Hex(address)}";

    /// <summary>The script's environment: nothing of the portal's own environment reaches the node.</summary>
    public IReadOnlyDictionary<string, string> Environment()
    {
        long memoryBytes = MemoryMiB * 1024L * 1024L;
        var environment = new Dictionary<string, string>
        {
            ["CPS_NODE_ID"] = NodeId,
            ["CPS_HOSTNAME"] = NodeId,
            ["CPS_ADDRESS"] = Address.ToString(),
            ["CPS_GATEWAY"] = Network.Gateway!.ToString(),
            ["CPS_NETWORK"] = Network.Network!.ToString(),
            ["CPS_PREFIX_LENGTH"] = Invariant(Network.PrefixLength),
            ["CPS_BRIDGE"] = Bridge,
            ["CPS_NETNS"] = NetworkNamespace,
            ["CPS_VETH"] = HostVeth,
            ["CPS_CGROUP"] = CgroupName,
            ["CPS_CPU_QUOTA_US"] = Cores > 0 ? Invariant(Math.Max(1000, (long)Math.Round(Cores * 100_000))) : "-1",
            ["CPS_MEMORY_BYTES"] = Invariant(memoryBytes),
            ["CPS_MAX_PROCESSES"] = Invariant(MaxProcesses),
            ["CPS_NODE_DIRECTORY"] = NodeDirectory,
            ["CPS_ETC_DIRECTORY"] = EtcDirectory,
            ["CPS_READ_ONLY_DIRECTORIES"] = string.Join('\n', ReadOnlyDirectories),
            ["CPS_SHARED_DIRECTORIES"] = string.Join('\n', SharedDirectories),
            ["CPS_CAPABILITIES"] = string.Join(' ', AgentCapabilities),
            ["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        };
        // The runtime cannot see the node's cgroup (no /sys inside), so it is told its share: three quarters of the
        // node's memory, the rest left to the servers the agent starts.
        if (memoryBytes > 0)
            environment["CPS_DOTNET_HEAP_LIMIT"] = (memoryBytes / 4 * 3).ToString("x", CultureInfo.InvariantCulture);
        return environment;
    }

    /// <summary>
    /// What the agent (root inside the sandbox) keeps: enough to run servers as the node's user, own and clean
    /// its files and signal its own processes. Everything else (mounting, raw sockets, module loading, …)
    /// is dropped, and nothing is handed on to the workloads.
    /// </summary>
    public static readonly IReadOnlyList<string> AgentCapabilities =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
        "CAP_SETUID", "CAP_SETGID", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE",
    ];

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
