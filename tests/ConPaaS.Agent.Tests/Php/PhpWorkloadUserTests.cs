using ConPaaS.Domain.Agents;
using ConPaaS.Infrastructure.Agents;
using ConPaaS.Infrastructure.Clouds;

namespace ConPaaS.Agent.Tests.Php;

/// <summary>
/// A PHP page is the user's code: it runs as the node's unprivileged workload user, not as root, so it can read
/// neither a file only root may read nor the node's private key, and the servers in front of it are not root either.
/// </summary>
public sealed class PhpWorkloadUserTests : IAsyncLifetime
{
    private readonly PhpNodes _nodes = new();
    private CloudNode _node = null!;

    public async Task InitializeAsync() => _node = (await _nodes.CreateNodesAsync("php-user"))[0];

    public async Task DisposeAsync() => await _nodes.DisposeAsync();

    [Fact]
    public async Task A_page_runs_as_an_unprivileged_user_and_cannot_read_root_only_files()
    {
        var rootOnly = Path.Combine(_nodes.NodeDirectory(_node), "root-only.txt");
        await File.WriteAllTextAsync(rootOnly, "only root reads this");
        File.SetUnixFileMode(rootOnly, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var key = Path.Combine(_nodes.NodeDirectory(_node), "certs", "node.key");
        await _nodes.UploadAsync(_node, "code-probe", TestArchives.Zip(("probe.php",
            $"<?php echo posix_geteuid(), '|', var_export(@file_get_contents('{rootOnly}'), true), '|', var_export(@file_get_contents('{key}'), true);")));
        var backend = $"{_node.Address}:{AgentPhpRoles.BackendPort}";
        Expect(await _nodes.ConfigureAndStartAsync(_node, AgentPhpRoles.Backend, new PhpBackendRoleSettings("code-probe")));
        Expect(await _nodes.ConfigureAndStartAsync(_node, AgentPhpRoles.Web, new PhpWebRoleSettings("code-probe", [backend])));

        var answer = (await _nodes.GetAsync($"http://{_node.Address}:{AgentPhpRoles.WebPort}/probe.php")).Split('|');

        Assert.NotEqual("0", answer[0]);
        Assert.Equal(["false", "false"], answer[1..]);
        foreach (var (role, pidFile) in new[] { (AgentPhpRoles.Backend, "php-fpm.pid"), (AgentPhpRoles.Web, "nginx.pid") })
            Assert.NotEqual(0, NodeProcesses.Uid(_nodes.ServerPid(_node, role, pidFile)!.Value));
    }

    [Fact]
    public async Task The_proxy_serves_port_80_without_being_root()
    {
        Expect(await _nodes.ConfigureAndStartAsync(_node, AgentPhpRoles.Proxy, new PhpProxyRoleSettings([])));

        using var answer = await _nodes.Http.GetAsync($"http://{_node.Address}/");

        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, answer.StatusCode); // no web server yet: nginx itself answers
        Assert.NotEqual(0, NodeProcesses.Uid(_nodes.ServerPid(_node, AgentPhpRoles.Proxy, "nginx.pid")!.Value));
    }

    private static void Expect(RoleStatus status) =>
        Assert.True(status.State == AgentRoleState.Running, $"{status.Name}: {status.State} {status.Detail}");
}
