namespace ConPaaS.Agent;

/// <summary>
/// What a node's agent is told at start (section <c>Agent</c>, from the command line as <c>--Agent:NodeId=7</c>
/// or the environment as <c>Agent__NodeId=7</c>).
/// </summary>
public sealed class AgentOptions
{
    public const string SectionName = "Agent";

    public string NodeId { get; set; } = "";

    /// <summary>The address to listen on: the node's own, never a wildcard, so loopback nodes do not collide.</summary>
    public string Address { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 5443;

    /// <summary>The node's folder: logs, role data and the startup script live below it.</summary>
    public string DataDirectory { get; set; } = ".";

    /// <summary>The node's certificate (PEM), issued by the portal's CA; it serves as the agent's TLS identity.</summary>
    public string CertificatePath { get; set; } = "certs/node.crt";

    /// <summary>The private key of <see cref="CertificatePath"/> (PEM, unencrypted, readable by the agent only).</summary>
    public string KeyPath { get; set; } = "certs/node.key";

    /// <summary>The portal's CA (PEM): the only root a caller's certificate may chain to.</summary>
    public string CaCertificatePath { get; set; } = "certs/ca.crt";

    /// <summary>
    /// The numeric user id the node's workloads (servers, tasks, the startup script) run as; there need be no
    /// account of that id. Unset: <c>nobody</c> (65534) for an agent running as root, else the agent's own user.
    /// </summary>
    public int? WorkloadUid { get; set; }

    /// <summary>The workloads' numeric group id; defaults to <see cref="WorkloadUid"/>.</summary>
    public int? WorkloadGid { get; set; }

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(NodeId))
            throw new InvalidOperationException("Agent:NodeId is required.");
        if (Port is <= 0 or > 65535)
            throw new InvalidOperationException($"Agent:Port {Port} is not a TCP port.");
    }

    /// <summary>Paths given relative are relative to the node's data folder.</summary>
    public string Resolve(string path) => Path.GetFullPath(path, Path.GetFullPath(DataDirectory));
}
