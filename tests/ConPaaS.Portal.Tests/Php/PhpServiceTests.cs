using System.Net;
using System.Net.Http.Json;
using ConPaaS.Domain.Contracts;
using ConPaaS.Portal.Tests.Lifecycle;
using ConPaaS.Portal.Tests.Support;

namespace ConPaaS.Portal.Tests.Php;

/// <summary>A php service through the portal: real agents, nginx and php-fpm on the local cloud.</summary>
public sealed class PhpServiceTests(LocalCloudFixture portal) : IClassFixture<LocalCloudFixture>
{
    [Fact]
    public async Task A_started_php_service_serves_its_welcome_page_and_scaling_moves_roles_without_failures()
    {
        var user = await ApiUser.SignUpAsync(portal, "php-scale");
        var app = await user.CreateApplicationAsync("shop");
        var service = await user.CreateServiceAsync(app.Id, "php", "web");
        await user.Http.PostAsJsonAsync($"/api/v1/services/{service.Id}/start", new StartServiceRequest(null));
        var running = await user.WaitForStateAsync(service.Id, "Running");

        Assert.NotNull(running.Url);
        Assert.Equal("code-default", running.ActiveCodeVersion);
        var node = Assert.Single(await user.NodesAsync(service.Id));
        Assert.Equal(["proxy", "web", "backend"], node.Roles);
        using var browser = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var page = await browser.GetStringAsync(running.Url);
        Assert.Contains("Your PHP service is ready", page);
        Assert.Matches(@"PHP \d+\.\d+", page); // rendered by php-fpm, not served as a file

        // Scale out: the backend role leaves the proxy node for the new ones, and nothing fails meanwhile.
        using (var load = RequestLoop.Start(running.Url!))
        {
            await user.Http.PostAsJsonAsync($"/api/v1/services/{service.Id}/nodes", new AddNodesRequest("backend", 2, null));
            await user.WaitForStateAsync(service.Id, "Running");
            var nodes = await user.NodesAsync(service.Id);
            Assert.Equal(3, nodes.Count);
            Assert.Equal(["proxy", "web"], nodes.Single(n => n.Id == node.Id).Roles);
            Assert.Equal(2, nodes.Count(n => n.Roles.SequenceEqual(["backend"])));

            // Scale back in: removing the last backends packs the role back onto the proxy node.
            await user.Http.DeleteAsync($"/api/v1/services/{service.Id}/nodes?role=backend&count=2");
            await user.WaitForStateAsync(service.Id, "Running");
            var seen = await load.StopAsync();
            Assert.True(seen.Ok > 20, $"only {seen.Ok} requests ran");
            Assert.True(seen.Failed == 0, $"requests failed: {seen}");
        }
        var packed = Assert.Single(await user.NodesAsync(service.Id));
        Assert.Equal(["proxy", "web", "backend"], packed.Roles);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(running.Url)).StatusCode);

        await user.Http.PostAsync($"/api/v1/services/{service.Id}/stop", null);
        await user.WaitForStateAsync(service.Id, "Stopped");
        await Assert.ThrowsAsync<HttpRequestException>(() => browser.GetStringAsync(running.Url));
    }

    [Fact]
    public async Task The_proxy_cannot_be_removed()
    {
        var user = await ApiUser.SignUpAsync(portal, "php-bad");
        var app = await user.CreateApplicationAsync("shop");
        var service = await user.CreateServiceAsync(app.Id, "php");
        await user.Http.PostAsJsonAsync($"/api/v1/services/{service.Id}/start", new StartServiceRequest(null));
        await user.WaitForStateAsync(service.Id, "Running");
        await user.Http.PostAsJsonAsync($"/api/v1/services/{service.Id}/nodes", new AddNodesRequest("web", 1, null));
        await user.WaitForStateAsync(service.Id, "Running");

        var proxy = (await user.NodesAsync(service.Id)).Single(n => n.Roles.Contains("proxy"));
        await (await user.Http.DeleteAsync($"/api/v1/services/{service.Id}/nodes/{proxy.Id}"))
            .AssertProblemAsync(HttpStatusCode.Conflict, "proxy");
        Assert.Equal(2, (await user.NodesAsync(service.Id)).Count);

        await user.Http.PostAsync($"/api/v1/services/{service.Id}/stop", null);
        await user.WaitForStateAsync(service.Id, "Stopped");
    }
}
