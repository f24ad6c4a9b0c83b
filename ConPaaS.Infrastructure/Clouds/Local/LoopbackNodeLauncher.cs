using System.Net;

namespace ConPaaS.Infrastructure.Clouds.Local;

/// <summary>Loopback nodes: the agent is a process of the portal's user bound to its own 127.x address.</summary>
internal sealed class LoopbackNodeLauncher(LocalCloudOptions options) : ILocalNodeLauncher
{
    public bool IsFree(IPAddress address, int port) => NodeAddressRange.CanListen(address, port);

    public int Start(LocalNodeRecord record, NodeSpec spec, string nodeDirectory) =>
        AgentProcesses.StartLoopback(AgentProcesses.Command(options, record, nodeDirectory, workloadUid: null), nodeDirectory);

    public async Task StopAsync(LocalNodeRecord record, string nodeDirectory, CancellationToken cancellationToken)
    {
        if (AgentProcesses.IsAgentOf(record.Pid, record.NodeId))
            await AgentProcesses.StopAsync(record.Pid, options.StopTimeout, cancellationToken);
    }
}
