using System.Net;
using ConPaaS.Domain.Agents;
using ConPaaS.Infrastructure.Agents;
using ConPaaS.Infrastructure.Clouds;

namespace ConPaaS.Agent.Tests.Php;

/// <summary>
/// Two backend nodes behind one web server, sharing a session folder: a visitor's session survives landing on
/// either backend. The nodes are one service's, so they share its folder, as the portal's php service does (a real
/// cloud needs that folder on shared storage).
/// </summary>
public sealed class PhpSessionTests : IAsyncLifetime
{
    private readonly PhpNodes _nodes = new();
    private CloudNode _front = null!;
    private CloudNode _back1 = null!;
    private CloudNode _back2 = null!;

    public Task InitializeAsync() => _nodes.SetUpAsync(async () =>
    {
        const int serviceId = 1;
        var nodes = await _nodes.CreateNodesAsync(serviceId, "php-front", "php-back-1", "php-back-2");
        (_front, _back1, _back2) = (nodes[0], nodes[1], nodes[2]);
        var sessions = Path.Combine(_nodes.Sandbox.DataDirectory, "services", $"{serviceId}", "shared", "sessions");
        var code = TestArchives.Zip(("counter.php",
            "<?php session_start(); $_SESSION['n'] = ($_SESSION['n'] ?? 0) + 1; echo getenv('BACKEND_NAME'), ' ', $_SESSION['n'];"));
        foreach (var node in nodes)
            await _nodes.UploadAsync(node, "code-s1", code);
        foreach (var (node, name) in new[] { (_back1, "b1"), (_back2, "b2") })
        {
            Expect(await _nodes.ConfigureAndStartAsync(node, AgentPhpRoles.Backend, new PhpBackendRoleSettings(
                "code-s1", new Dictionary<string, string> { ["BACKEND_NAME"] = name }, sessions, [_front.Address])));
        }
        Expect(await _nodes.ConfigureAndStartAsync(_front, AgentPhpRoles.Web, new PhpWebRoleSettings("code-s1", [Backend(_back1), Backend(_back2)])));
        Expect(await _nodes.ConfigureAndStartAsync(_front, AgentPhpRoles.Proxy, new PhpProxyRoleSettings([$"{_front.Address}:{AgentPhpRoles.WebPort}"])));
    });

    public async Task DisposeAsync() => await _nodes.DisposeAsync();

    [Fact]
    public async Task A_session_survives_alternating_backends()
    {
        using var visitor = new HttpClient(new SocketsHttpHandler { UseProxy = false, CookieContainer = new CookieContainer() });

        var answers = new List<string>();
        for (var visit = 0; visit < 8; visit++)
            answers.Add(await visitor.GetStringAsync($"http://{_front.Address}/counter.php"));

        Assert.Equal(Enumerable.Range(1, 8).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)), answers.Select(answer => answer.Split(' ')[1]));
        Assert.Contains(answers, answer => answer.StartsWith("b1 ", StringComparison.Ordinal));
        Assert.Contains(answers, answer => answer.StartsWith("b2 ", StringComparison.Ordinal));
    }

    private static string Backend(CloudNode node) => $"{node.Address}:{AgentPhpRoles.BackendPort}";

    private static void Expect(RoleStatus status) =>
        Assert.True(status.State == AgentRoleState.Running, $"{status.Name}: {status.State} {status.Detail}");
}
