namespace ConPaaS.Infrastructure.Clouds;

/// <summary>
/// A place where nodes run: the local machine, EC2, OpenNebula, … Every node runs an agent that proves its
/// identity with a certificate of our CA naming the node, which the cloud issues once it knows the node's
/// address (see <see cref="NodeBootstrapFactory"/>). Creating a node that already runs returns it, so a
/// retried provisioning step never starts a second one.
/// </summary>
public interface ICloud
{
    /// <summary>The name configuration gives this cloud (<c>local</c>, <c>ec2-eu</c>, …); unique in an installation.</summary>
    string Name { get; }

    /// <summary>Which driver runs it: <c>local</c>, later <c>ec2</c> or <c>opennebula</c>.</summary>
    string Driver { get; }

    /// <summary>What can be started here and what an hour of each costs; the first is the default.</summary>
    IReadOnlyList<InstanceTypeOptions> InstanceTypes { get; }

    /// <summary>
    /// How many nodes of the instance type the cloud can run at once, when it knows (the local cloud: the host's
    /// capacity over the type's size); null when it sets no limit of its own.
    /// </summary>
    int? MaxNodesOf(string instanceType) => null;

    /// <summary>
    /// Starts the nodes (in parallel) and returns them once their agents listen. A node that fails to start is
    /// cleaned up and reported in a <see cref="CloudException"/>; the others keep running and are listed.
    /// </summary>
    Task<IReadOnlyList<CloudNode>> CreateNodesAsync(IReadOnlyList<NodeSpec> specs, CancellationToken cancellationToken = default);

    /// <summary>Stops the node and releases what it held. Terminating a node that is already gone is not an error.</summary>
    Task TerminateNodeAsync(string nodeId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The nodes this cloud runs for this installation now, so the portal can re-adopt the ones its database
    /// knows and terminate the others.
    /// </summary>
    Task<IReadOnlyList<CloudNode>> ListNodesAsync(CancellationToken cancellationToken = default);
}
