namespace ConPaaS.Infrastructure.Clouds.Local;

/// <summary>
/// Settings of the <c>local</c> driver: every node is an agent on this machine with an address of its own from
/// a range. Isolated nodes (<see cref="LocalNodeIsolation.Namespaces"/>, the default) take it from a private
/// network whose first address is the host's side of the cloud's bridge (<c>10.221.0.2</c>–<c>.254</c>, gateway
/// <c>10.221.0.1/24</c>); loopback nodes from 127.0.0.0/8. Give parallel installations (and test runs) ranges
/// that do not overlap.
/// </summary>
public sealed class LocalCloudOptions
{
    /// <summary>Where node folders live; empty means <c>&lt;data&gt;/nodes</c>.</summary>
    public string NodesDirectory { get; set; } = "";

    /// <summary>Where each service's shared folder lives (<c>&lt;data&gt;/services/&lt;id&gt;/shared</c>); set by the portal.</summary>
    public string ServicesDirectory { get; set; } = "";

    public LocalNodeIsolation Isolation { get; set; } = LocalNodeIsolation.Namespaces;

    public string AddressRangeStart { get; set; } = "10.221.0.2";

    public string AddressRangeEnd { get; set; } = "10.221.0.254";

    /// <summary>The private network's prefix length; its first address is the bridge's (isolated nodes only).</summary>
    public int PrefixLength { get; set; } = 24;

    /// <summary>
    /// What the host lends its nodes: <c>Cores</c> and <c>MemoryMiB</c>, 0 meaning all of the host's. A node
    /// whose instance type would take the sum of the running nodes' types past either is refused.
    /// </summary>
    public LocalCapacityOptions Capacity { get; set; } = new();

    /// <summary>Nodes of service <c>n</c> run their workloads as uid and gid <c>FirstWorkloadUid + n</c>.</summary>
    public int FirstWorkloadUid { get; set; } = 200_000;

    /// <summary>The most processes one isolated node may run at once (its pids cgroup).</summary>
    public int MaxProcessesPerNode { get; set; } = 4096;

    /// <summary>Every node's agent listens on this port of its own address.</summary>
    public int AgentPort { get; set; } = 5443;

    /// <summary>The agent to launch; empty means <c>agent/ConPaaS.Agent.dll</c> beside the running program.</summary>
    public string AgentPath { get; set; } = "";

    /// <summary>The <c>dotnet</c> host that runs the agent; empty means the one running this process, or <c>dotnet</c>.</summary>
    public string DotnetPath { get; set; } = "";

    /// <summary>How long a new agent may take to listen.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How long an agent has to stop after SIGTERM before it gets SIGKILL.</summary>
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public string ResolveAgentPath() =>
        string.IsNullOrEmpty(AgentPath) ? Path.Combine(AppContext.BaseDirectory, "agent", "ConPaaS.Agent.dll") : Path.GetFullPath(AgentPath);

    public string ResolveDotnetPath()
    {
        if (!string.IsNullOrEmpty(DotnetPath))
            return DotnetPath;
        // Under `dotnet run`, tests or `dotnet Portal.dll` this is the host; under an apphost it is not.
        var current = Environment.ProcessPath;
        if (current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet")
            return current;
        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
    }
}
