using System.Net;
using ConPaaS.Portal.Tests.Support;

namespace ConPaaS.Portal.Tests.Hosting;

/// <summary>
/// A circuit acts with the browser's session cookie, and browsers send that cookie with a WebSocket or a
/// negotiate request made by any site; only the Origin header tells another site's page apart.
/// </summary>
public sealed class BlazorOriginTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    [Theory]
    [InlineData("http://evil.example")]
    [InlineData("http://localhost.evil.example")]
    [InlineData("http://localhost:8081")]
    [InlineData("null")]
    public async Task Negotiate_and_the_hub_refuse_a_foreign_origin(string origin)
    {
        var http = portal.CreateClient();
        Assert.Equal(HttpStatusCode.Forbidden, (await NegotiateAsync(http, origin)).StatusCode);

        using var hub = new HttpRequestMessage(HttpMethod.Get, "/_blazor?id=anything");
        hub.Headers.Add("Origin", origin);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(hub)).StatusCode);
    }

    [Fact]
    public async Task Negotiate_accepts_the_portals_own_origin_and_a_request_without_one()
    {
        var http = portal.CreateClient();
        var own = await NegotiateAsync(http, $"http://{http.BaseAddress!.Authority}");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Contains("connectionToken", await own.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await NegotiateAsync(http, origin: null)).StatusCode);
    }

    private static async Task<HttpResponseMessage> NegotiateAsync(HttpClient http, string? origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1");
        if (origin is not null)
            request.Headers.Add("Origin", origin);
        return await http.SendAsync(request);
    }
}
