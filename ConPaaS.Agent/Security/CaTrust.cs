using System.Security.Cryptography.X509Certificates;

namespace ConPaaS.Agent.Security;

/// <summary>
/// Trusts exactly one root, the portal's CA, and nothing in the system store: a certificate from any
/// public CA is as foreign to an agent as a self-signed one.
/// </summary>
public sealed class CaTrust(X509Certificate2 caCertificate)
{
    public X509Certificate2 CaCertificate { get; } = caCertificate;

    /// <summary>Reads the CA's certificate (PEM) named by <see cref="AgentOptions.CaCertificatePath"/>.</summary>
    public static CaTrust Load(AgentOptions options) =>
        new(X509Certificate2.CreateFromPem(File.ReadAllText(options.Resolve(options.CaCertificatePath))));

    /// <summary>True when <paramref name="certificate"/> chains to our CA and is valid now.</summary>
    public bool IsIssuedByOurCa(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(CaCertificate);
        // Our CA publishes no revocation list; portal certificates are short-lived instead.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = DateTime.Now;
        return chain.Build(certificate)
            && chain.ChainElements[^1].Certificate.RawDataMemory.Span.SequenceEqual(CaCertificate.RawDataMemory.Span);
    }
}
