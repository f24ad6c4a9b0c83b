using System.Net;
using System.Security.Cryptography;
using ConPaaS.Infrastructure.Certificates;

namespace ConPaaS.Infrastructure.Clouds;

/// <summary>
/// Makes a node's bootstrap data. Clouds call it once they know the node's address, because the node's
/// certificate names that address as well as the node.
/// </summary>
public sealed class NodeBootstrapFactory(CertificateAuthority authority)
{
    /// <summary>
    /// Names this installation on the machines it starts (tags, templates): taken from its CA, so it is stable
    /// across restarts and differs between installations sharing a cloud account.
    /// </summary>
    public string InstallationId { get; } = Convert.ToHexStringLower(SHA256.HashData(authority.Certificate.RawData))[..16];

    public NodeBootstrap Create(NodeSpec spec, IEnumerable<IPAddress> addresses) =>
        new(authority.IssueNodeCredentials(spec.NodeId, addresses), spec.StartupScript);
}
