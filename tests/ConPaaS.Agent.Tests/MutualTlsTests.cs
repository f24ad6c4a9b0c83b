using ConPaaS.Domain.Agents;
using ConPaaS.Infrastructure.Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace ConPaaS.Agent.Tests;

/// <summary>The agent serves a caller only with a valid certificate of our CA that carries the manager role.</summary>
public sealed class MutualTlsTests(AgentNodeFixture agent) : IClassFixture<AgentNodeFixture>
{
    private CertificateAuthority Authority => agent.Sandbox.Authority;

    [Fact]
    public async Task The_portals_manager_certificate_is_served()
    {
        using var portal = Authority.IssuePortalClientCertificate();

        Assert.Equal(200, await agent.StatusCodeWith(portal.Certificate));
    }

    [Fact]
    public async Task A_caller_without_a_certificate_is_refused()
    {
        Assert.Null(await agent.StatusCodeWith(null));
    }

    [Fact]
    public async Task A_manager_certificate_of_another_ca_is_refused()
    {
        var otherData = Directory.CreateTempSubdirectory("conpaas-other-ca-").FullName;
        try
        {
            using var otherAuthority = new CertificateAuthority(otherData, DataProtectionProvider.Create(new DirectoryInfo(Path.Combine(otherData, "keys"))));
            using var impostor = otherAuthority.IssuePortalClientCertificate();

            Assert.Null(await agent.StatusCodeWith(impostor.Certificate));
        }
        finally
        {
            Directory.Delete(otherData, recursive: true);
        }
    }

    [Fact]
    public async Task An_expired_manager_certificate_of_our_ca_is_refused()
    {
        var now = DateTimeOffset.UtcNow;
        using var expired = Authority.Issue(new CertificateProfile(
            CertificateAuthority.PortalCommonName, [AgentCertificateRoles.Manager], false, true, [], now.AddDays(-10), now.AddMinutes(-1)));

        Assert.Null(await agent.StatusCodeWith(expired.Certificate));
    }

    [Fact]
    public async Task A_manager_certificate_of_our_ca_not_yet_valid_is_refused()
    {
        var now = DateTimeOffset.UtcNow;
        using var future = Authority.Issue(new CertificateProfile(
            CertificateAuthority.PortalCommonName, [AgentCertificateRoles.Manager], false, true, [], now.AddDays(1), now.AddDays(10)));

        Assert.Null(await agent.StatusCodeWith(future.Certificate));
    }

    [Fact]
    public async Task A_certificate_of_our_ca_without_the_manager_role_is_forbidden()
    {
        using var anotherNode = Authority.IssueNodeCertificate("other-node", []);

        Assert.Equal(403, await agent.StatusCodeWith(anotherNode.Certificate));
    }

    [Fact]
    public async Task A_server_only_certificate_with_the_manager_role_is_refused()
    {
        var now = DateTimeOffset.UtcNow;
        using var serverOnly = Authority.Issue(new CertificateProfile(
            CertificateAuthority.PortalCommonName, [AgentCertificateRoles.Manager], true, false, [], now.AddMinutes(-1), now.AddDays(1)));

        Assert.NotEqual(200, await agent.StatusCodeWith(serverOnly.Certificate));
    }
}
