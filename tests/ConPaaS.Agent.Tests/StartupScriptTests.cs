using ConPaaS.Infrastructure.Clouds;
using ConPaaS.Infrastructure.Tests.Clouds;

namespace ConPaaS.Agent.Tests;

/// <summary>The node's startup script is the user's code: it runs as the node's unprivileged workload user.</summary>
public sealed class StartupScriptTests : IAsyncLifetime
{
    private readonly LocalCloudSandbox _sandbox = new();
    private CloudNode _node = null!;

    public async Task InitializeAsync() => _node = await _sandbox.CreateNodeAsync("scripted");

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task The_startup_script_runs_as_an_unprivileged_user_and_cannot_read_the_nodes_key()
    {
        var key = Path.Combine(_sandbox.NodesDirectory, _node.NodeId, "certs", "node.key");

        var result = await _sandbox.Client.RunStartupScriptAsync(_node.Agent, $"id -u\nif cat '{key}' >/dev/null 2>&1; then echo read-the-key; else echo no-key; fi\n");
        var lines = (await _sandbox.Client.ReadLogTailAsync(_node.Agent, result.LogFile, 2)).Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(0, result.ExitCode);
        Assert.NotEqual("0", lines[0]);
        Assert.Equal("no-key", lines[1]);
    }
}
