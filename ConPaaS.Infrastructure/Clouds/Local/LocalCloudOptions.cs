namespace ConPaaS.Infrastructure.Clouds.Local;

/// <summary>
/// Settings of the <c>local</c> driver: every node is an agent process on this machine, bound to its own
/// loopback address from a range (all of 127.0.0.0/8 reaches the loopback interface on Linux, no alias needed).
/// Give parallel installations (and test runs) ranges that do not overlap.
/// </summary>
public sealed class LocalCloudOptions
{
    /// <summary>Where node folders live; empty means <c>&lt;data&gt;/nodes</c>.</summary>
    public string NodesDirectory { get; set; } = "";

    public string AddressRangeStart { get; set; } = "127.0.1.1";

    public string AddressRangeEnd { get; set; } = "127.0.1.254";

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
