using System.Net;
using System.Net.Http.Json;
using ConPaaS.Domain.Contracts;
using ConPaaS.Portal.Tests.Support;

namespace ConPaaS.Portal.Tests.Api;

public sealed class ThrottledPortal : PortalFactory
{
    protected override int LoginAttemptsPerMinute => 3;
}

public sealed class RateLimitTests(ThrottledPortal portal) : IClassFixture<ThrottledPortal>
{
    [Fact]
    public async Task Password_guessing_is_throttled_per_address()
    {
        var http = portal.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
            statuses.Add((await http.PostAsJsonAsync("/api/v1/tokens", new CreateTokenRequest("nobody", "guess" + i, "x"))).StatusCode);
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized,
            HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }
}
