using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ConPaaS.Infrastructure.Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace ConPaaS.Infrastructure.Tests.Certificates;

public sealed class CertificateAuthorityTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("conpaas-ca-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public void The_ca_is_created_once_and_reloaded_on_later_starts()
    {
        using var first = new CertificateAuthority(_data, KeyRing("keys"));
        using var second = new CertificateAuthority(_data, KeyRing("keys"));

        Assert.Equal(first.Certificate.Thumbprint, second.Certificate.Thumbprint);
        Assert.True(File.Exists(Path.Combine(_data, "ca", "ca.crt")));
        using var issuedBySecond = second.IssuePortalClientCertificate();
        Assert.True(ChainsTo(first.Certificate, issuedBySecond.Certificate));
    }

    [Fact]
    public void The_private_key_is_encrypted_at_rest()
    {
        using var authority = new CertificateAuthority(_data, KeyRing("keys"));

        var stored = File.ReadAllText(Path.Combine(_data, "ca", "ca.key.protected"));
        Assert.DoesNotContain("PRIVATE KEY", stored, StringComparison.Ordinal);
        Assert.ThrowsAny<CryptographicException>(() => ECDsa.Create().ImportPkcs8PrivateKey(Convert.FromBase64String(stored), out _));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_data, "ca"), "*.pem"));
    }

    [Fact]
    public void Without_the_data_protection_keys_the_ca_cannot_be_loaded()
    {
        using (new CertificateAuthority(_data, KeyRing("keys")))
        {
        }

        Assert.ThrowsAny<CryptographicException>(() => new CertificateAuthority(_data, KeyRing("other-keys")));
    }

    [Fact]
    public void A_node_certificate_names_the_node_and_its_address_for_server_and_client_use()
    {
        using var authority = new CertificateAuthority(_data, KeyRing("keys"));

        using var issued = authority.IssueNodeCertificate("42", [IPAddress.Parse("127.0.1.7")]);

        var certificate = issued.Certificate;
        Assert.Equal("node-42", certificate.GetNameInfo(X509NameType.SimpleName, false));
        Assert.Contains("OU=agent", certificate.Subject, StringComparison.Ordinal);
        Assert.Contains("127.0.1.7", SubjectAlternativeNames(certificate), StringComparison.Ordinal);
        var usages = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<Oid>().Select(oid => oid.Value);
        Assert.Equal(["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"], usages);
        Assert.True(ChainsTo(authority.Certificate, certificate));
    }

    [Fact]
    public void The_portal_certificate_carries_the_manager_role()
    {
        using var authority = new CertificateAuthority(_data, KeyRing("keys"));

        using var issued = authority.IssuePortalClientCertificate();

        Assert.Contains("OU=manager", issued.Certificate.Subject, StringComparison.Ordinal);
        Assert.True(issued.Certificate.HasPrivateKey);
        Assert.True(ChainsTo(authority.Certificate, issued.Certificate));
    }

    [Fact]
    public void Exported_node_credentials_load_back_as_a_certificate_with_its_key()
    {
        using var authority = new CertificateAuthority(_data, KeyRing("keys"));
        var credentials = authority.IssueNodeCredentials("7", [IPAddress.Loopback]);
        var folder = Path.Combine(_data, "node-7");

        credentials.WriteTo(folder);
        using var loaded = X509Certificate2.CreateFromPemFile(Path.Combine(folder, "node.crt"), Path.Combine(folder, "node.key"));
        using var ca = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(folder, "ca.crt")));

        Assert.True(loaded.HasPrivateKey);
        Assert.Equal(authority.Certificate.Thumbprint, ca.Thumbprint);
        Assert.DoesNotContain("PRIVATE", credentials.ToString(), StringComparison.Ordinal);
    }

    private IDataProtectionProvider KeyRing(string name) => DataProtectionProvider.Create(new DirectoryInfo(Path.Combine(_data, name)));

    private static bool ChainsTo(X509Certificate2 root, X509Certificate2 leaf)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(leaf);
    }

    private static string SubjectAlternativeNames(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single()
            .EnumerateIPAddresses().Aggregate("", (all, address) => all + address + " ");
}
