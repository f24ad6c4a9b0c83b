using System.Net;
using ConPaaS.Infrastructure.Certificates;

namespace ConPaaS.Infrastructure.Clouds;

/// <summary>
/// Makes a node's bootstrap data. Clouds call it once they know the node's address, because the node's
/// certificate names that address as well as the node.
/// </summary>
public sealed class NodeBootstrapFactory(CertificateAuthority authority)
{
    public NodeBootstrap Create(NodeSpec spec, IEnumerable<IPAddress> addresses) =>
        new(authority.IssueNodeCredentials(spec.NodeId, addresses), spec.StartupScript);
}
