using System.Net;

namespace ConPaaS.Infrastructure.Clouds.Local;

/// <summary>Loopback nodes: the agent is a process of the portal's user bound to its own 127.x address.</summary>
internal sealed class LoopbackNodeLauncher(LocalCloudOptions options) : ILocalNodeLauncher
{
    public bool TryClaim(IPAddress address, int port) => NodeAddressRange.CanListen(address, port);

    public Task PrepareAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public bool IsRunning(LocalNodeRecord record, string nodeDirectory) => AgentProcesses.IsAgentOf(record.Pid, record.NodeId);

    public bool IsNetworkReady(int launchPid) => true;

    public int Start(LocalNodeRecord record, NodeSpec spec, string nodeDirectory) =>
        AgentProcesses.StartLoopback(AgentProcesses.Command(options, record, nodeDirectory, workloadUid: null), nodeDirectory);

    public async Task StopAsync(LocalNodeRecord record, string nodeDirectory, CancellationToken cancellationToken)
    {
        if (AgentProcesses.IsAgentOf(record.Pid, record.NodeId))
            await AgentProcesses.StopAsync(record.Pid, options.StopTimeout, cancellationToken);
    }
}
