namespace ConPaaS.Domain.Agents;

/// <summary>
/// How a certificate of our CA says who holds it. The subject's common name names the holder
/// (<c>CN=node-7</c> for node 7, <c>CN=conpaas-portal</c> for the portal) and every role it plays is one
/// organizational-unit attribute (<c>OU=manager</c>, <c>OU=agent</c>); <c>O=ConPaaS</c> marks our certificates.
/// The original carried the role in the subject too. An agent serves only certificates with the manager role.
/// </summary>
public static class AgentCertificateRoles
{
    /// <summary>The portal, which holds every service's manager: the only caller an agent accepts.</summary>
    public const string Manager = "manager";

    /// <summary>A node's own certificate: its agent's server identity. It may not call other agents.</summary>
    public const string Agent = "agent";

    public const string Organization = "ConPaaS";

    public const string NodeNamePrefix = "node-";
}
