using System.Net;

namespace ConPaaS.Infrastructure.Certificates;

/// <summary>
/// What a certificate of our CA says: who holds it (<see cref="CommonName"/>), which roles it plays (one
/// <c>OU=</c> each, see ConPaaS.Domain.Agents.AgentCertificateRoles), what it may be used for, and when.
/// </summary>
public sealed record CertificateProfile(
    string CommonName,
    IReadOnlyList<string> Roles,
    bool ServerAuthentication,
    bool ClientAuthentication,
    IReadOnlyList<IPAddress> Addresses,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter);
