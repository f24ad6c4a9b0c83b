using ConPaaS.Domain.Agents;
using ConPaaS.Infrastructure.Agents;
using ConPaaS.Infrastructure.Clouds;

namespace ConPaaS.Agent.Tests.Php;

/// <summary>
/// A proxy-and-web node in front of a backend node: a new code version, new lists of backends and of web
/// servers are applied while clients keep asking, and not one request fails.
/// </summary>
public sealed class PhpVersionSwitchTests : IAsyncLifetime
{
    private readonly PhpNodes _nodes = new();
    private CloudNode _front = null!;
    private CloudNode _back = null!;

    public Task InitializeAsync() => _nodes.SetUpAsync(async () =>
    {
        (_front, _back) = await _nodes.CreateNodesAsync("php-front", "php-back") switch { var nodes => (nodes[0], nodes[1]) };
        foreach (var node in new[] { _front, _back })
        {
            await _nodes.UploadAsync(node, "code-v1", Version("v1"));
            await _nodes.UploadAsync(node, "code-v2", Version("v2"));
        }
        Expect(await _nodes.ConfigureAndStartAsync(_back, AgentPhpRoles.Backend, BackendSettings("code-v1")));
        Expect(await _nodes.ConfigureAndStartAsync(_front, AgentPhpRoles.Web, new PhpWebRoleSettings("code-v1", [Backend])));
        Expect(await _nodes.ConfigureAndStartAsync(_front, AgentPhpRoles.Proxy, new PhpProxyRoleSettings([WebServer])));
    });

    public async Task DisposeAsync() => await _nodes.DisposeAsync();

    private string Backend => $"{_back.Address}:{AgentPhpRoles.BackendPort}";

    private string WebServer => $"{_front.Address}:{AgentPhpRoles.WebPort}";

    // As the portal configures it: the web node, on a network of its own, is allowed to connect.
    private PhpBackendRoleSettings BackendSettings(string version) => new(version, AllowedClients: [_front.Address]);

    [Fact]
    public async Task Switching_versions_under_load_fails_no_request_even_on_kept_alive_connections()
    {
        // The proxy is not reloaded by a version switch, so its clients' kept-alive connections stay valid.
        await using var loop = new RequestLoop(_nodes.KeepAliveHttp, $"http://{_front.Address}/");
        loop.Start();
        await loop.WaitForMoreAsync(20);
        // A slow request on v1 is in flight while the backend switches: it must finish, on v1.
        var slow = _nodes.Http.GetStringAsync($"http://{_front.Address}/slow.php");
        await Task.Delay(200);

        // The order a manager follows: code on every node first (done above), then backends, then web servers.
        Expect(await _nodes.ConfigureAsync(_back, AgentPhpRoles.Backend, BackendSettings("code-v2")));
        Expect(await _nodes.ConfigureAsync(_front, AgentPhpRoles.Web, new PhpWebRoleSettings("code-v2", [Backend])));
        await loop.WaitForMoreAsync(20, body => body.StartsWith("v2", StringComparison.Ordinal));
        await loop.StopAsync();

        Assert.Empty(loop.Failures);
        Assert.Equal("slow v1", await slow);
        Assert.Contains(loop.Bodies, body => body.StartsWith("v1 ", StringComparison.Ordinal));
        Assert.StartsWith("v2 ", loop.Bodies.Last(), StringComparison.Ordinal);
        Assert.Equal("code-v2", await _nodes.Code.GetActiveCodeVersionAsync(_back.Agent));
        Assert.Equal("static v2", await _nodes.GetAsync($"http://{_front.Address}/static/hello.txt"));
    }

    [Fact]
    public async Task Changing_the_lists_of_backends_and_web_servers_under_load_fails_no_request()
    {
        // The proxy's own reload closes its idle kept-alive connections (see PhpNodes.Http): a connection per request.
        await using var loop = new RequestLoop(_nodes.Http, $"http://{_front.Address}/");
        loop.Start();
        await loop.WaitForMoreAsync(20);

        // A second web server that does not answer (the back node has none): the proxy skips it.
        Expect(await _nodes.ConfigureAsync(_front, AgentPhpRoles.Proxy, new PhpProxyRoleSettings([WebServer, $"{_back.Address}:{AgentPhpRoles.WebPort}"])));
        await loop.WaitForMoreAsync(20);
        Expect(await _nodes.ConfigureAsync(_front, AgentPhpRoles.Web, new PhpWebRoleSettings("code-v1", [Backend, Backend])));
        await loop.WaitForMoreAsync(20);
        Expect(await _nodes.ConfigureAsync(_front, AgentPhpRoles.Proxy, new PhpProxyRoleSettings([WebServer])));
        await loop.WaitForMoreAsync(20);
        await loop.StopAsync();

        Assert.Empty(loop.Failures);
        Assert.All(loop.Bodies, body => Assert.StartsWith("v1 ", body, StringComparison.Ordinal));
    }

    private static byte[] Version(string label) => TestArchives.Zip(
        ("index.php", $"<?php echo \"{label} \", PHP_VERSION;"),
        ("slow.php", $"<?php usleep(1500000); echo \"slow {label}\";"),
        ("static/hello.txt", $"static {label}"));

    private static void Expect(RoleStatus status) =>
        Assert.True(status.State == AgentRoleState.Running, $"{status.Name}: {status.State} {status.Detail}");
}
