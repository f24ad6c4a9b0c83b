using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using ConPaaS.Infrastructure.Certificates;

namespace ConPaaS.Infrastructure.Agents;

/// <summary>
/// Accepts an agent only when its certificate chains to our CA, is valid now, and is the certificate of the
/// node the portal meant to call (<c>CN=node-&lt;id&gt;</c>): an address reused by another node, or a node
/// answering in another's place, is refused. The system's trust store plays no part.
/// </summary>
internal sealed class AgentCertificateValidator(X509Certificate2 caCertificate, string nodeId)
{
    private readonly string _expectedName = NodeNames.CommonName(nodeId);

    /// <summary>Why the last handshake was refused, for the exception the caller sees; null when none was.</summary>
    public string? LastRejection { get; private set; }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        LastRejection = Check(certificate);
        return LastRejection is null;
    }

    private string? Check(X509Certificate? presented)
    {
        if (presented is null)
            return "the agent presented no certificate";
        using var certificate = X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(caCertificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (!chain.Build(certificate))
            return "the agent's certificate is not one of our CA, or is not valid now";
        var name = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        return name == _expectedName ? null : $"the agent's certificate names '{name}', not '{_expectedName}'";
    }
}
