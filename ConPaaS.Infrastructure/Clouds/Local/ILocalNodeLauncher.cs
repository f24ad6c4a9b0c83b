using System.Net;

namespace ConPaaS.Infrastructure.Clouds.Local;

/// <summary>How the local cloud starts and ends a node's agent: as an isolated machine or as a loopback process.</summary>
internal interface ILocalNodeLauncher
{
    /// <summary>
    /// Takes the address for a new node, atomically across every installation on this host; false when something
    /// outside this cloud (another installation, a stray process) holds it.
    /// </summary>
    bool TryClaim(IPAddress address, int port);

    /// <summary>Makes what every node needs before its address is called (isolated nodes: the cloud's bridge).</summary>
    Task PrepareAsync(CancellationToken cancellationToken);

    /// <summary>True while the node's agent runs (a node whose agent is gone is dead, whatever it left).</summary>
    bool IsRunning(LocalNodeRecord record, string nodeDirectory);

    /// <summary>
    /// False while the launch is still making the node's network: calling its address then would only wait for
    /// an address resolution that cannot succeed yet.
    /// </summary>
    bool IsNetworkReady(int launchPid);

    /// <summary>Starts the node's agent; returns the pid that stands for the node while it runs.</summary>
    int Start(LocalNodeRecord record, NodeSpec spec, string nodeDirectory);

    /// <summary>
    /// Ends the node, its agent first (SIGTERM, so roles stop their servers cleanly) and then every process it
    /// left, and releases what it held. Ending a node that is already gone is not an error.
    /// </summary>
    Task StopAsync(LocalNodeRecord record, string nodeDirectory, CancellationToken cancellationToken);
}
