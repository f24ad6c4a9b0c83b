using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ConPaaS.Infrastructure.Certificates;

/// <summary>
/// A certificate of our CA together with its private key. The key leaves only through
/// <see cref="ExportPrivateKeyPem"/>, a method, so that no serializer or log formatter picks it up by accident.
/// </summary>
public sealed class IssuedCertificate(X509Certificate2 certificate) : IDisposable
{
    /// <summary>The certificate with its private key, ready for TLS.</summary>
    public X509Certificate2 Certificate { get; } = certificate;

    public string CertificatePem => Certificate.ExportCertificatePem();

    public string ExportPrivateKeyPem()
    {
        using var key = Certificate.GetECDsaPrivateKey()
            ?? throw new InvalidOperationException("The certificate has no ECDSA private key.");
        return key.ExportPkcs8PrivateKeyPem();
    }

    public override string ToString() => $"{Certificate.Subject} (until {Certificate.NotAfter:u})";

    public void Dispose() => Certificate.Dispose();

    internal static IssuedCertificate WithKey(X509Certificate2 publicPart, ECDsa key)
    {
        using (publicPart)
            return new IssuedCertificate(publicPart.CopyWithPrivateKey(key));
    }
}
