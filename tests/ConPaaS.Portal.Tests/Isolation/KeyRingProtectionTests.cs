using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ConPaaS.Domain.Agents;
using ConPaaS.Infrastructure.Agents;
using ConPaaS.Infrastructure.Certificates;
using ConPaaS.Infrastructure.Clouds;
using ConPaaS.Portal.Tests.Lifecycle;
using ConPaaS.Portal.Tests.Support;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace ConPaaS.Portal.Tests.Isolation;

/// <summary>A copy of the data folder (a backup, a stolen disk) without the key kept outside it gives the CA away to nobody.</summary>
public sealed class KeyRingProtectionTests(LocalCloudFixture portal) : IClassFixture<LocalCloudFixture>
{
    [Fact]
    public async Task A_copied_data_folder_without_the_outside_key_reads_no_CA_key_and_forges_no_certificate_an_agent_accepts()
    {
        var node = (await portal.Services.GetRequiredService<CloudRegistry>().Default.CreateNodesAsync([new NodeSpec("keyring-1", ["test"])])).Single();
        var genuine = portal.Services.GetRequiredService<PortalClientCertificate>().Current;
        Assert.True(File.Exists(portal.KeyRingCertificatePath));
        var copy = Directory.CreateTempSubdirectory("conpaas-stolen-").FullName;
        try
        {
            CopyFolder(portal.DataDirectory, copy);

            // Every key of the ring is stored encrypted; none in the clear.
            var keys = Directory.GetFiles(Path.Combine(copy, "keys"), "*.xml");
            Assert.NotEmpty(keys);
            Assert.All(keys, key => Assert.Contains("encryptedSecret", File.ReadAllText(key), StringComparison.Ordinal));

            // The CA's key does not come out of the copy, the way a 30-line program would try it.
            var stolen = DataProtectionProvider.Create(new DirectoryInfo(Path.Combine(copy, "keys")), builder => builder.SetApplicationName("ConPaaS"));
            Assert.ThrowsAny<CryptographicException>(() => new CertificateAuthority(copy, stolen));

            // What the copy does give (the CA's public certificate) makes only a forgery the agent refuses.
            var caPublic = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(Path.Combine(copy, "ca", "ca.crt")));
            using var forged = Forge(caPublic);
            Assert.Equal(200, await StatusWithAsync(node, genuine));
            Assert.Null(await StatusWithAsync(node, forged));
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    /// <summary>A client certificate naming the CA as its issuer and the portal as its subject, signed by a key of the thief's.</summary>
    private static X509Certificate2 Forge(X509Certificate2 caPublic)
    {
        using var thiefCa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest(caPublic.SubjectName, thiefCa, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var fakeCa = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={CertificateAuthority.PortalCommonName}, OU=manager", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var signed = request.Create(fakeCa, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1), [1, 2, 3, 4]);
        return signed.CopyWithPrivateKey(key);
    }

    /// <summary>The status code of the agent's GET /status with this client certificate, or null when the handshake was refused.</summary>
    private static async Task<int?> StatusWithAsync(CloudNode node, X509Certificate2 clientCertificate)
    {
        using var client = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCertificate,
                RemoteCertificateValidationCallback = (_, _, _, _) => true,
            },
        })
        { BaseAddress = node.Agent.BaseUri, Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            using var response = await client.GetAsync(AgentRoutes.Status);
            return (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            if (file.Contains("/nodes/", StringComparison.Ordinal))
                continue; // the nodes' folders are not what a thief of the CA needs
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
