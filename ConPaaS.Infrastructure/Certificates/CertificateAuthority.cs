using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ConPaaS.Domain.Agents;
using Microsoft.AspNetCore.DataProtection;

namespace ConPaaS.Infrastructure.Certificates;

/// <summary>
/// The portal's certificate authority: it issues each node a certificate naming that node, and the portal a
/// client certificate with the manager role; agents trust nothing else. Created on first use under
/// <c>&lt;data&gt;/ca/</c> and reloaded on every later start. Keys are ECDSA P-256.
/// </summary>
public sealed class CertificateAuthority : IDisposable
{
    public const string PortalCommonName = "conpaas-portal";

    private static readonly TimeSpan CaValidity = TimeSpan.FromDays(3650);
    private static readonly TimeSpan ClockSkewAllowance = TimeSpan.FromMinutes(5);

    /// <summary>Nodes live as long as their service; there is no renewal yet, so their certificates last.</summary>
    public static readonly TimeSpan DefaultNodeValidity = TimeSpan.FromDays(3650);

    /// <summary>The portal's certificate is made anew in memory at each start and renewed before it expires.</summary>
    public static readonly TimeSpan DefaultPortalValidity = TimeSpan.FromDays(30);

    private readonly X509Certificate2 _ca;
    private readonly TimeProvider _time;

    /// <param name="dataDirectory">The installation's data folder; the CA lives in its <c>ca/</c> subfolder.</param>
    public CertificateAuthority(string dataDirectory, IDataProtectionProvider dataProtection, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        var files = new CertificateAuthorityFiles(Path.Combine(dataDirectory, "ca"), dataProtection);
        _ca = files.LoadOrCreate(CreateRoot);
        Certificate = X509CertificateLoader.LoadCertificate(_ca.RawData);
        CertificatePem = _ca.ExportCertificatePem();
    }

    /// <summary>The CA's certificate without its key: what every party trusts.</summary>
    public X509Certificate2 Certificate { get; }

    public string CertificatePem { get; }

    /// <summary>A node's certificate (<c>CN=node-&lt;id&gt;, OU=agent</c>) for its agent's server and client side.</summary>
    public IssuedCertificate IssueNodeCertificate(string nodeId, IEnumerable<IPAddress> addresses, TimeSpan? validity = null)
    {
        var now = _time.GetUtcNow();
        return Issue(new CertificateProfile(
            NodeNames.CommonName(nodeId), [AgentCertificateRoles.Agent],
            ServerAuthentication: true, ClientAuthentication: true,
            addresses.ToList(), now - ClockSkewAllowance, now + (validity ?? DefaultNodeValidity)));
    }

    /// <summary>The node's certificate, key and our CA's certificate, ready to be written into the node.</summary>
    public NodeCredentials IssueNodeCredentials(string nodeId, IEnumerable<IPAddress> addresses)
    {
        using var issued = IssueNodeCertificate(nodeId, addresses);
        return new NodeCredentials(nodeId, issued.CertificatePem, issued.ExportPrivateKeyPem(), CertificatePem);
    }

    /// <summary>The portal's client certificate: the manager role, the only one agents serve.</summary>
    public IssuedCertificate IssuePortalClientCertificate(TimeSpan? validity = null)
    {
        var now = _time.GetUtcNow();
        return Issue(new CertificateProfile(
            PortalCommonName, [AgentCertificateRoles.Manager],
            ServerAuthentication: false, ClientAuthentication: true,
            [], now - ClockSkewAllowance, now + (validity ?? DefaultPortalValidity)));
    }

    /// <summary>Any certificate of this CA; the two methods above are the ones the portal needs.</summary>
    public IssuedCertificate Issue(CertificateProfile profile)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(SubjectOf(profile.CommonName, profile.Roles), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        var usages = new OidCollection();
        if (profile.ServerAuthentication)
            usages.Add(new Oid("1.3.6.1.5.5.7.3.1"));
        if (profile.ClientAuthentication)
            usages.Add(new Oid("1.3.6.1.5.5.7.3.2"));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usages, false));
        request.CertificateExtensions.Add(SubjectAlternativeNames(profile));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_ca, true, false));

        // A certificate cannot outlive (or predate) the CA that signs it.
        var caNotBefore = new DateTimeOffset(_ca.NotBefore.ToUniversalTime());
        var caNotAfter = new DateTimeOffset(_ca.NotAfter.ToUniversalTime());
        var notBefore = profile.NotBefore > caNotBefore ? profile.NotBefore : caNotBefore;
        var notAfter = profile.NotAfter < caNotAfter ? profile.NotAfter : caNotAfter;
        var publicPart = request.Create(_ca, notBefore, notAfter, NewSerialNumber());
        return IssuedCertificate.WithKey(publicPart, key);
    }

    public void Dispose()
    {
        _ca.Dispose();
        Certificate.Dispose();
    }

    private (X509Certificate2, ECDsa) CreateRoot()
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var name = new X500DistinguishedNameBuilder();
        name.AddOrganizationName(AgentCertificateRoles.Organization);
        name.AddCommonName($"ConPaaS CA {Convert.ToHexString(RandomNumberGenerator.GetBytes(4))}");
        var request = new CertificateRequest(name.Build(), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = _time.GetUtcNow();
        return (request.CreateSelfSigned(now - ClockSkewAllowance, now + CaValidity), key);
    }

    private static X500DistinguishedName SubjectOf(string commonName, IReadOnlyList<string> roles)
    {
        var name = new X500DistinguishedNameBuilder();
        name.AddOrganizationName(AgentCertificateRoles.Organization);
        foreach (var role in roles)
            name.AddOrganizationalUnitName(role);
        name.AddCommonName(commonName);
        return name.Build();
    }

    private static X509Extension SubjectAlternativeNames(CertificateProfile profile)
    {
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(profile.CommonName);
        foreach (var address in profile.Addresses)
            names.AddIpAddress(address);
        return names.Build();
    }

    private static byte[] NewSerialNumber()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // a positive integer, as RFC 5280 asks
        return serial;
    }
}
