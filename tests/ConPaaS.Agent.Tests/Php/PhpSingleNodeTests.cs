using System.Net;
using ConPaaS.Domain.Agents;
using ConPaaS.Infrastructure.Agents;
using ConPaaS.Infrastructure.Clouds;

namespace ConPaaS.Agent.Tests.Php;

/// <summary>A new php service: one node carrying proxy (80), web (8080) and backend (9000) on its own address.</summary>
public sealed class PhpSingleNodeTests : IAsyncLifetime
{
    private readonly PhpNodes _nodes = new();
    private CloudNode _node = null!;

    private string Backend => $"{_node.Address}:{AgentPhpRoles.BackendPort}";

    private string WebServer => $"{_node.Address}:{AgentPhpRoles.WebPort}";

    public async Task InitializeAsync() => _node = (await _nodes.CreateNodesAsync("php-all"))[0];

    public async Task DisposeAsync() => await _nodes.DisposeAsync();

    [Fact]
    public async Task One_node_serves_the_welcome_page_then_uploaded_php_then_stops_every_process()
    {
        await StartAllAsync(activeVersion: null);
        var welcome = await _nodes.GetAsync($"http://{_node.Address}/");

        await _nodes.UploadAsync(_node, "code-v1", TestArchives.Zip(
            ("index.php", "<?php echo \"v1 \", PHP_VERSION;"),
            ("env.php", "<?php echo getenv('MYSQL_HOST'), '|', getenv('MYSQL_PASSWORD'), '|', getenv('CONPAAS_CODE_VERSION');"),
            ("info.php", "<?php echo $_SERVER['SCRIPT_NAME'], '|', $_SERVER['PATH_INFO'] ?? '', '|', $_SERVER['DOCUMENT_ROOT'], '|', __FILE__;"),
            ("static/hello.txt", "static v1"),
            (".git/config", "secret")));
        await _nodes.ConfigureAsync(_node, AgentPhpRoles.Backend, new PhpBackendRoleSettings(
            "code-v1", new Dictionary<string, string> { ["MYSQL_HOST"] = "db.example", ["MYSQL_PASSWORD"] = "p$w\"d\\x ${HOME}" }));
        await _nodes.ConfigureAsync(_node, AgentPhpRoles.Web, new PhpWebRoleSettings("code-v1", [Backend]));

        Assert.Contains("Your PHP service is ready", welcome, StringComparison.Ordinal);
        Assert.StartsWith("v1 8.", await _nodes.GetAsync($"http://{_node.Address}/"), StringComparison.Ordinal);
        Assert.Equal("db.example|p$w\"d\\x ${HOME}|code-v1", await _nodes.GetAsync($"http://{_node.Address}/env.php"));
        Assert.Equal("static v1", await _nodes.GetAsync($"http://{_node.Address}/static/hello.txt"));
        var versionDirectory = Path.Combine(_nodes.CodeDirectory(_node), "code-v1");
        Assert.Equal($"/info.php|/extra/path|{versionDirectory}|{versionDirectory}/info.php", await _nodes.GetAsync($"http://{_node.Address}/info.php/extra/path"));
        Assert.Equal(HttpStatusCode.NotFound, (await _nodes.Http.GetAsync($"http://{_node.Address}/.git/config")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _nodes.Http.GetAsync($"http://{_node.Address}/missing.php")).StatusCode);
        Assert.Equal("code-v1", await _nodes.Code.GetActiveCodeVersionAsync(_node.Agent));

        var pids = ServerPids();
        foreach (var role in new[] { AgentPhpRoles.Proxy, AgentPhpRoles.Web, AgentPhpRoles.Backend })
            Assert.Equal(AgentRoleState.Stopped, (await _nodes.Client.StopRoleAsync(_node.Agent, role)).State);

        Assert.Equal(3, pids.Count);
        Assert.All(pids, pid => Assert.False(PhpNodes.IsRunning(pid), $"server {pid} still runs"));
        await Assert.ThrowsAsync<HttpRequestException>(() => _nodes.Http.GetAsync($"http://{_node.Address}/"));
    }

    [Fact]
    public async Task The_active_version_cannot_be_deleted_but_an_unused_one_can()
    {
        await _nodes.UploadAsync(_node, "code-v1", TestArchives.PhpVersion("v1"));
        await _nodes.UploadAsync(_node, "code-v2", TestArchives.PhpVersion("v2"));
        Assert.Equal(AgentRoleState.Running, (await _nodes.ConfigureAndStartAsync(_node, AgentPhpRoles.Backend, new PhpBackendRoleSettings("code-v1"))).State);

        var refusal = await Assert.ThrowsAsync<AgentCallFailedException>(() => _nodes.Code.DeleteCodeVersionAsync(_node.Agent, "code-v1"));
        var remaining = await _nodes.Code.DeleteCodeVersionAsync(_node.Agent, "code-v2");

        Assert.Equal(HttpStatusCode.Conflict, refusal.StatusCode);
        Assert.Equal(["code-default", "code-v1"], remaining.Versions.Select(version => version.Version));
        Assert.Equal("code-v1", remaining.Active);
    }

    [Fact]
    public async Task A_role_whose_server_died_reports_failed()
    {
        await StartAllAsync(activeVersion: null);
        var backend = _nodes.ServerPid(_node, AgentPhpRoles.Backend, "php-fpm.pid")!.Value;

        using (var process = System.Diagnostics.Process.GetProcessById(backend))
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        var status = await _nodes.Client.GetRoleAsync(_node.Agent, AgentPhpRoles.Backend);

        Assert.Equal(AgentRoleState.Failed, status.State);
        Assert.Contains("not running", status.Detail, StringComparison.Ordinal);
        Assert.Equal(AgentRoleState.Running, (await _nodes.Client.GetRoleAsync(_node.Agent, AgentPhpRoles.Proxy)).State);
    }

    [Fact]
    public async Task Unusable_settings_are_refused_with_the_reason()
    {
        var unknownVersion = await Assert.ThrowsAsync<AgentCallFailedException>(() =>
            _nodes.ConfigureAsync(_node, AgentPhpRoles.Web, new PhpWebRoleSettings("code-never", [Backend])));
        var injection = await Assert.ThrowsAsync<AgentCallFailedException>(() =>
            _nodes.ConfigureAsync(_node, AgentPhpRoles.Proxy, new PhpProxyRoleSettings(["10.0.0.1:80; include /etc/passwd"])));
        var quote = await Assert.ThrowsAsync<AgentCallFailedException>(() =>
            _nodes.ConfigureAsync(_node, AgentPhpRoles.Backend, new PhpBackendRoleSettings(null, new Dictionary<string, string> { ["X"] = "it's secret" })));
        var typo = await Assert.ThrowsAsync<AgentCallFailedException>(() =>
            _nodes.ConfigureAsync(_node, AgentPhpRoles.Web, new { backend = new[] { Backend } }));

        Assert.Contains("'code-never' is not on this node", unknownVersion.Message, StringComparison.Ordinal);
        Assert.Contains("not host:port", injection.Message, StringComparison.Ordinal);
        Assert.Contains("single quote", quote.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", quote.Message, StringComparison.Ordinal);
        Assert.Contains("backend", typo.Message, StringComparison.Ordinal);
        Assert.All(new[] { unknownVersion, injection, quote, typo }, refusal => Assert.Equal(HttpStatusCode.BadRequest, refusal.StatusCode));
    }

    private async Task StartAllAsync(string? activeVersion)
    {
        var statuses = new[]
        {
            await _nodes.ConfigureAndStartAsync(_node, AgentPhpRoles.Backend, new PhpBackendRoleSettings(activeVersion)),
            await _nodes.ConfigureAndStartAsync(_node, AgentPhpRoles.Web, new PhpWebRoleSettings(activeVersion, [Backend])),
            await _nodes.ConfigureAndStartAsync(_node, AgentPhpRoles.Proxy, new PhpProxyRoleSettings([WebServer])),
        };
        Assert.All(statuses, status => Assert.True(status.State == AgentRoleState.Running, $"{status.Name}: {status.State} {status.Detail}"));
    }

    private List<int> ServerPids() =>
    [
        _nodes.ServerPid(_node, AgentPhpRoles.Proxy, "nginx.pid")!.Value,
        _nodes.ServerPid(_node, AgentPhpRoles.Web, "nginx.pid")!.Value,
        _nodes.ServerPid(_node, AgentPhpRoles.Backend, "php-fpm.pid")!.Value,
    ];
}
