using System.Security.Cryptography.X509Certificates;
using ConPaaS.Infrastructure.Certificates;

namespace ConPaaS.Infrastructure.Agents;

/// <summary>
/// The portal's manager certificate, issued by our CA in memory (its key is never written anywhere) and
/// renewed a day before it expires, so a long-running portal never presents an expired one.
/// </summary>
public sealed class PortalClientCertificate(CertificateAuthority authority, TimeProvider time) : IDisposable
{
    private static readonly TimeSpan RenewBefore = TimeSpan.FromDays(1);

    private readonly Lock _lock = new();
    private IssuedCertificate? _current;

    public X509Certificate2 Current
    {
        get
        {
            lock (_lock)
            {
                if (_current is null || _current.Certificate.NotAfter.ToUniversalTime() - time.GetUtcNow().UtcDateTime < RenewBefore)
                {
                    // The old one may still be in use by a handshake in flight; it is left to the finalizer.
                    _current = authority.IssuePortalClientCertificate();
                }
                return _current.Certificate;
            }
        }
    }

    public void Dispose() => _current?.Dispose();
}
