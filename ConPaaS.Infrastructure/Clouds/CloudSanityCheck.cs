using Microsoft.Extensions.Logging;

namespace ConPaaS.Infrastructure.Clouds;

/// <summary>
/// Lists every cloud's machines marked with this installation and terminates those no node record owns (left
/// by a crash between a cloud call and its record, or started by hand with our tags), so nothing leaks and
/// nothing is billed for nobody. A cloud that cannot be listed is skipped and logged; the others still are checked.
/// </summary>
public sealed class CloudSanityCheck(CloudRegistry clouds, ILogger<CloudSanityCheck> logger)
{
    /// <summary>Terminates the unowned nodes and returns them as "cloud/node" names.</summary>
    /// <param name="ownedNodeIds">The cloud node ids (<c>node-&lt;id&gt;</c>) that records own.</param>
    public async Task<IReadOnlyList<string>> TerminateUnownedAsync(IReadOnlySet<string> ownedNodeIds, CancellationToken cancellationToken = default)
    {
        var terminated = new List<string>();
        foreach (var cloud in clouds.All)
        {
            try
            {
                foreach (var orphan in (await cloud.ListNodesAsync(cancellationToken)).Where(node => !ownedNodeIds.Contains(node.NodeId)))
                {
                    logger.LogWarning("Terminating {NodeId} on cloud {Cloud}: no node record owns it", orphan.NodeId, cloud.Name);
                    await cloud.TerminateNodeAsync(orphan.NodeId, cancellationToken);
                    terminated.Add($"{cloud.Name}/{orphan.NodeId}");
                }
            }
            catch (CloudException failure)
            {
                logger.LogWarning(failure, "Could not check the nodes of cloud {Cloud}", cloud.Name);
            }
        }
        return terminated;
    }
}
