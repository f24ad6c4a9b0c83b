using System.Net;
using System.Text.Json;
using ConPaaS.Domain.Agents;
using ConPaaS.Infrastructure.Agents;
using ConPaaS.Infrastructure.Tests.Clouds;

namespace ConPaaS.Infrastructure.Tests.Agents;

public sealed class AgentClientTests : IAsyncLifetime
{
    private readonly LocalCloudSandbox _sandbox = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task An_agent_whose_certificate_names_another_node_is_refused()
    {
        var node = await _sandbox.CreateNodeAsync("n1");

        var failure = await Assert.ThrowsAsync<AgentCallFailedException>(() =>
            _sandbox.Client.GetStatusAsync(node.Agent with { NodeId = "n2" }));

        Assert.True(failure.IdentityRejected);
        Assert.Contains("node-n1", failure.Message, StringComparison.Ordinal);
        Assert.Contains("node-n2", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_agent_that_does_not_listen_is_unreachable()
    {
        var nowhere = new AgentEndpoint("n9", "127.255.255.254", LocalCloudSandbox.AgentPort);

        var failure = await Assert.ThrowsAsync<AgentUnreachableException>(() => _sandbox.Client.GetStatusAsync(nowhere));

        Assert.Equal("n9", failure.NodeId);
    }

    [Fact]
    public async Task Waiting_for_an_agent_that_never_comes_ends_unreachable()
    {
        var nowhere = new AgentEndpoint("n9", "127.255.255.254", LocalCloudSandbox.AgentPort);

        await Assert.ThrowsAsync<AgentUnreachableException>(() =>
            _sandbox.Client.WaitUntilReadyAsync(nowhere, TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task Waiting_for_a_running_agent_returns_its_status()
    {
        var node = await _sandbox.CreateNodeAsync("n1");

        var status = await _sandbox.Client.WaitUntilReadyAsync(node.Agent, TimeSpan.FromSeconds(10));

        Assert.Equal("n1", status.NodeId);
    }

    [Fact]
    public async Task Error_answers_carry_the_status_and_the_agents_reason()
    {
        var node = await _sandbox.CreateNodeAsync("n1");
        var client = _sandbox.Client;

        var unknownRole = await Assert.ThrowsAsync<AgentCallFailedException>(() => client.StartRoleAsync(node.Agent, "nosuchrole"));
        var notConfigured = await Assert.ThrowsAsync<AgentCallFailedException>(() => client.StartRoleAsync(node.Agent, "test"));
        var badSettings = await Assert.ThrowsAsync<AgentCallFailedException>(() =>
            client.ConfigureRoleAsync(node.Agent, "test", JsonSerializer.SerializeToElement(new[] { 1, 2 })));
        var noScript = await Assert.ThrowsAsync<AgentCallFailedException>(() => client.RunStartupScriptAsync(node.Agent));

        Assert.Equal(HttpStatusCode.NotFound, unknownRole.StatusCode);
        Assert.Contains("nosuchrole", unknownRole.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, notConfigured.StatusCode);
        Assert.Contains("configured before", notConfigured.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badSettings.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, noScript.StatusCode);
    }

    [Fact]
    public async Task A_role_that_fails_to_start_reports_why()
    {
        var node = await _sandbox.CreateNodeAsync("n1");

        await _sandbox.Client.ConfigureRoleAsync(node.Agent, "test", new { failOnStart = true });
        var started = await _sandbox.Client.StartRoleAsync(node.Agent, "test");

        Assert.Equal(AgentRoleState.Failed, started.State);
        Assert.False(string.IsNullOrEmpty(started.Detail));
    }

    [Fact]
    public async Task Only_files_of_the_log_folder_can_be_read()
    {
        var node = await _sandbox.CreateNodeAsync("n1");

        var outside = await Assert.ThrowsAsync<AgentCallFailedException>(() => _sandbox.Client.ReadLogTailAsync(node.Agent, "../node.json", 10));
        var missing = await Assert.ThrowsAsync<AgentCallFailedException>(() => _sandbox.Client.ReadLogTailAsync(node.Agent, "nothing.log", 10));

        Assert.Equal(HttpStatusCode.NotFound, outside.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
