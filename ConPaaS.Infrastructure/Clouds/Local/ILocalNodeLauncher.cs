using System.Net;

namespace ConPaaS.Infrastructure.Clouds.Local;

/// <summary>How the local cloud starts and ends a node's agent: as an isolated machine or as a loopback process.</summary>
internal interface ILocalNodeLauncher
{
    /// <summary>False when something outside this cloud (another installation, a stray process) holds the address.</summary>
    bool IsFree(IPAddress address, int port);

    /// <summary>Starts the node's agent; returns the pid that stands for the node while it runs.</summary>
    int Start(LocalNodeRecord record, NodeSpec spec, string nodeDirectory);

    /// <summary>
    /// Ends the node, its agent first (SIGTERM, so roles stop their servers cleanly) and then every process it
    /// left, and releases what it held. Ending a node that is already gone is not an error.
    /// </summary>
    Task StopAsync(LocalNodeRecord record, string nodeDirectory, CancellationToken cancellationToken);
}
