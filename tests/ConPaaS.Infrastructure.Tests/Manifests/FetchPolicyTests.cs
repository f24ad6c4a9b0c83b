using System.Net;
using ConPaaS.Domain.Manifests;
using ConPaaS.Infrastructure.Manifests;

namespace ConPaaS.Infrastructure.Tests.Manifests;

/// <summary>Which addresses a manifest URL may reach: global unicast, not the portal's own, nothing the Internet does not route.</summary>
public sealed class FetchPolicyTests
{
    private static readonly IPAddress[] HostOwn = [IPAddress.Parse("93.184.216.2"), IPAddress.Parse("203.0.113.9"), IPAddress.Parse("2a01:4f8::5")];

    [Theory]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("::", "unspecified")]
    [InlineData("255.255.255.255", "broadcast")]
    [InlineData("::ffff:127.0.0.1", "loopback")]
    [InlineData("::ffff:10.1.2.3", "private")]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("::1", "loopback")]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("224.0.0.1", "multicast")]
    [InlineData("ff02::1", "multicast")]
    [InlineData("fd00::1", "unique local")]
    [InlineData("10.221.0.2", "private")]
    [InlineData("172.16.0.1", "private")]
    [InlineData("192.168.1.1", "private")]
    [InlineData("100.64.0.1", "carrier-grade NAT")]
    [InlineData("198.18.0.1", "benchmarking")]
    [InlineData("198.19.255.254", "benchmarking")]
    [InlineData("198.51.100.7", "documentation")]
    [InlineData("2001:db8::1", "documentation")]
    [InlineData("2002:a00:1::1", "6to4")]
    [InlineData("93.184.216.2", "portal's own machine")]
    [InlineData("2a01:4f8::5", "portal's own machine")]
    public void An_address_that_is_not_global_unicast_or_is_the_portals_own_is_refused(string address, string reason)
    {
        var refusal = FetchPolicy.Refusal(IPAddress.Parse(address), HostOwn);

        Assert.NotNull(refusal);
        Assert.Contains(reason, refusal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("1.1.1.1")]
    [InlineData("198.20.0.1")]
    [InlineData("2a00:1450:4001:80b::200e")]
    public void A_global_unicast_address_of_another_machine_is_allowed(string address) =>
        Assert.Null(FetchPolicy.Refusal(IPAddress.Parse(address), HostOwn));

    [Theory]
    [InlineData("http://0.0.0.0/app.zip", "unspecified")]
    [InlineData("http://198.18.0.5:5199/a.zip", "benchmarking")]
    [InlineData("http://localhost/a.zip", "loopback")]
    [InlineData("http://[::ffff:127.0.0.1]/a.zip", "loopback")]
    public async Task A_manifest_url_to_such_an_address_names_its_field_and_why_without_connecting(string url, string reason)
    {
        var fetcher = new SourceFetcher(Microsoft.Extensions.Options.Options.Create(new ManifestOptions { FetchTimeoutSeconds = 5 }));
        var destination = Path.Combine(Path.GetTempPath(), $"fetch-{Guid.NewGuid():N}");

        var refused = await Assert.ThrowsAsync<ConPaaS.Domain.Errors.InvalidInputException>(() => fetcher.FetchAsync(new ManifestSource("Services[0].Archive", ManifestSourceKind.Url, url), destination, CancellationToken.None));

        Assert.StartsWith("Services[0].Archive", refused.Message, StringComparison.Ordinal);
        Assert.Contains(reason, refused.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(destination));
    }
}
