namespace ConPaaS.Infrastructure.Clouds.Vm;

/// <summary>
/// How a virtual machine becomes a node (shared by the <c>ec2</c> and <c>opennebula</c> drivers): where its
/// user-data fetches the agent, which port the agent listens on, and how long the portal waits for each stage
/// before it terminates the machine and tries a new one.
/// </summary>
public sealed class VmBootstrapOptions
{
    /// <summary>
    /// Where nodes download the agent build (a <c>.tar.gz</c>); empty means the portal's own
    /// <c>&lt;ConPaaS:PublicUrl&gt;/agent/conpaas-agent.tar.gz</c>. The user-data checks its SHA-256 either way.
    /// </summary>
    public string AgentUrl { get; set; } = "";

    /// <summary>Every node's agent listens on this port of the node's address.</summary>
    public int AgentPort { get; set; } = 5443;

    /// <summary>
    /// Run when the machine has no <c>dotnet</c>: the ready image (see <c>scripts/node-image/</c>) has it, so
    /// this only runs on a plain Debian or Ubuntu image.
    /// </summary>
    public string RuntimeInstallCommand { get; set; } =
        "apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q aspnetcore-runtime-10.0 curl ca-certificates";

    /// <summary>Which of the machine's addresses the portal calls: <c>false</c> the private one, <c>true</c> the public one.</summary>
    public bool UsePublicAddress { get; set; }

    /// <summary>How often the machine's state is asked while it boots.</summary>
    public TimeSpan InstancePollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a machine may take to run and get an address.</summary>
    public TimeSpan AddressTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the agent is asked whether it answers.</summary>
    public TimeSpan AgentPollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the agent may take to answer once the machine has its address.</summary>
    public TimeSpan AgentReadyTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How many machines are tried for one node before it counts as failed.</summary>
    public int Attempts { get; set; } = 2;
}
