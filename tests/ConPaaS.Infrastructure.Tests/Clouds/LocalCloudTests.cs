using System.Diagnostics;
using System.Runtime.Versioning;
using ConPaaS.Domain.Agents;
using ConPaaS.Infrastructure.Agents;
using ConPaaS.Infrastructure.Clouds;
using ConPaaS.Infrastructure.Clouds.Local;
using Xunit.Abstractions;

namespace ConPaaS.Infrastructure.Tests.Clouds;

/// <summary>End to end: real agent processes started by the local cloud, reached through the agent client over mTLS.</summary>
public sealed class LocalCloudTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly LocalCloudSandbox _sandbox = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task A_created_node_answers_its_status_over_mutual_tls()
    {
        var stopwatch = Stopwatch.StartNew();
        var node = await _sandbox.CreateNodeAsync("n1");
        output.WriteLine($"Node listening after {stopwatch.ElapsedMilliseconds} ms");

        var status = await _sandbox.Client.GetStatusAsync(node.Agent);
        output.WriteLine($"Status answered after {stopwatch.ElapsedMilliseconds} ms");

        Assert.True(status.Alive);
        Assert.Equal("n1", status.NodeId);
        Assert.False(string.IsNullOrEmpty(status.AgentVersion));
        Assert.Contains(status.Roles, role => role is { Name: "test", State: AgentRoleState.Unconfigured });
        Assert.Equal("local", node.CloudName);
        Assert.Equal("small", node.InstanceType);
        Assert.StartsWith(_sandbox.AddressRangeStart[..^1], node.Address, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_node_runs_in_a_session_of_its_own_so_the_portals_terminal_cannot_stop_it()
    {
        await _sandbox.CreateNodeAsync("n1");
        var pid = ReadPid("n1");

        Assert.NotEqual(SessionOf(Environment.ProcessId), SessionOf(pid));
        Assert.Equal(pid, SessionOf(pid));
    }

    [Fact]
    public async Task The_test_role_is_configured_started_and_stopped()
    {
        var node = await _sandbox.CreateNodeAsync("n1");
        var client = _sandbox.Client;

        var configured = await client.ConfigureRoleAsync(node.Agent, "test", new { greeting = "hello" });
        var started = await client.StartRoleAsync(node.Agent, "test");
        var running = await client.GetStatusAsync(node.Agent);
        var stopped = await client.StopRoleAsync(node.Agent, "test");

        Assert.Equal(AgentRoleState.Configured, configured.State);
        Assert.Equal(AgentRoleState.Running, started.State);
        Assert.Contains(running.Roles, role => role is { Name: "test", State: AgentRoleState.Running });
        Assert.Equal(AgentRoleState.Stopped, stopped.State);
        var settings = await File.ReadAllTextAsync(Path.Combine(_sandbox.NodesDirectory, "n1", "roles", "test", "settings.json"));
        Assert.Contains("\"greeting\":\"hello\"", settings, StringComparison.Ordinal);
        Assert.Equal(AgentRoleState.Stopped, (await client.ListRolesAsync(node.Agent)).Single(role => role.Name == "test").State);
    }

    [Fact]
    public async Task The_startup_script_runs_and_its_output_is_in_the_logs()
    {
        var node = await _sandbox.CreateNodeAsync("n1", "echo \"started on $(pwd)\"\necho oops >&2\nexit 3\n");
        var client = _sandbox.Client;

        var result = await client.RunStartupScriptAsync(node.Agent);
        var logs = await client.ListLogsAsync(node.Agent);
        var tail = await client.ReadLogTailAsync(node.Agent, result.LogFile, 2);

        Assert.Equal(3, result.ExitCode);
        Assert.Contains(logs, log => log.Name == "startup.log");
        Assert.Contains(logs, log => log.Name == "agent.log");
        Assert.Equal($"started on {Path.Combine(_sandbox.NodesDirectory, "n1")}\noops\n", tail.Text);
    }

    [Fact]
    public async Task A_replaced_startup_script_runs_and_logs_can_be_read_by_range()
    {
        var node = await _sandbox.CreateNodeAsync("n1");
        var client = _sandbox.Client;

        var result = await client.RunStartupScriptAsync(node.Agent, "printf 'line1\\nline2\\nline3\\n'");
        var whole = await client.ReadLogAsync(node.Agent, "startup.log", 0, 1000);
        var middle = await client.ReadLogAsync(node.Agent, "startup.log", 6, 5);
        var lastLine = await client.ReadLogTailAsync(node.Agent, "startup.log", 1);
        var agentLogTail = await client.ReadLogTailAsync(node.Agent, "agent.log", 5);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("line1\nline2\nline3\n", whole.Text);
        Assert.Equal(18, whole.FileLength);
        Assert.Equal("line2", middle.Text);
        Assert.Equal("line3\n", lastLine.Text);
        Assert.Contains("startup script", agentLogTail.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_terminated_node_is_gone_and_no_longer_listed()
    {
        var node = await _sandbox.CreateNodeAsync("n1");
        var pid = _sandbox.AgentPid("n1");

        await _sandbox.Cloud.TerminateNodeAsync(node.NodeId);

        Assert.Empty(await _sandbox.Cloud.ListNodesAsync());
        Assert.False(Directory.Exists(Path.Combine(_sandbox.NodesDirectory, "n1")));
        Assert.False(IsRunning(pid));
        await Assert.ThrowsAsync<AgentUnreachableException>(() => _sandbox.Client.GetStatusAsync(node.Agent));
    }

    [Fact]
    public async Task Nodes_created_in_parallel_get_their_own_addresses_and_creation_is_idempotent()
    {
        var specs = new[] { "a", "b", "c" }.Select(id => new NodeSpec(id, ["test"])).ToList();

        var nodes = await _sandbox.Cloud.CreateNodesAsync(specs);
        var again = await _sandbox.Cloud.CreateNodesAsync([specs[0]]);
        var statuses = await Task.WhenAll(nodes.Select(node => _sandbox.Client.GetStatusAsync(node.Agent)));

        Assert.Equal(3, nodes.Select(node => node.Address).Distinct().Count());
        Assert.Equal(["a", "b", "c"], statuses.Select(status => status.NodeId));
        Assert.Equal(nodes[0].Agent, again.Single().Agent);
        Assert.Equal(nodes[0].StartedAt, again.Single().StartedAt);
        Assert.Equal(3, (await _sandbox.Cloud.ListNodesAsync()).Count);
    }

    [Fact]
    public async Task A_restarted_portal_re_adopts_running_nodes()
    {
        var created = await _sandbox.CreateNodeAsync("n1");

        _sandbox.RestartPortal();
        var listed = await _sandbox.Cloud.ListNodesAsync();
        var status = await _sandbox.Client.GetStatusAsync(listed.Single().Agent);

        Assert.Equal(created.Agent, listed.Single().Agent);
        Assert.Equal(created.StartedAt, listed.Single().StartedAt);
        Assert.Equal(created.Roles, listed.Single().Roles);
        Assert.Equal("n1", status.NodeId);
        await _sandbox.Cloud.TerminateNodeAsync("n1");
        Assert.Empty(await _sandbox.Cloud.ListNodesAsync());
    }

    [Fact]
    public async Task A_node_whose_process_died_is_not_listed()
    {
        await _sandbox.CreateNodeAsync("n1");
        var pid = _sandbox.AgentPid("n1");

        using (var process = Process.GetProcessById(pid))
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        Assert.Empty(await _sandbox.Cloud.ListNodesAsync());
    }

    [Fact]
    public async Task A_node_whose_pid_now_belongs_to_another_program_is_not_listed()
    {
        using var impostor = Process.Start("sleep", "60");
        _sandbox.TrackPid(impostor.Id);
        var directory = Directory.CreateDirectory(Path.Combine(_sandbox.NodesDirectory, "ghost")).FullName;
        await File.WriteAllTextAsync(Path.Combine(directory, "node.json"),
            $$"""{"nodeId":"ghost","address":"{{_sandbox.AddressRangeStart}}","port":5443,"pid":{{impostor.Id}},"startedAt":"2024-01-01T00:00:00Z","roles":["test"],"instanceType":"small"}""");

        var listed = await _sandbox.Cloud.ListNodesAsync();
        await _sandbox.Cloud.TerminateNodeAsync("ghost");

        Assert.Empty(listed);
        Assert.False(impostor.HasExited, "terminating a node must not kill a process that is not its agent");
        Assert.False(Directory.Exists(directory));
    }

    [Fact]
    public async Task An_unknown_instance_type_is_refused_before_anything_starts()
    {
        var failure = await Assert.ThrowsAsync<CloudException>(() =>
            _sandbox.Cloud.CreateNodesAsync([new NodeSpec("n1", ["test"], InstanceType: "huge")]));

        Assert.Contains("huge", failure.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_sandbox.NodesDirectory, "n1")));
    }

    [Fact]
    [SupportedOSPlatform("linux")]
    public async Task Node_folders_hold_certificates_with_a_private_key_only_the_owner_reads()
    {
        await _sandbox.CreateNodeAsync("n1");
        var certs = Path.Combine(_sandbox.NodesDirectory, "n1", "certs");

        Assert.True(File.Exists(Path.Combine(certs, "node.crt")));
        Assert.True(File.Exists(Path.Combine(certs, "ca.crt")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(certs, "node.key")));
    }

    private int ReadPid(string nodeId)
    {
        var text = File.ReadAllText(Path.Combine(_sandbox.NodesDirectory, nodeId, LocalNodeRecordFile));
        var json = System.Text.Json.JsonDocument.Parse(text);
        return json.RootElement.GetProperty("pid").GetInt32();
    }

    private const string LocalNodeRecordFile = "node.json";

    /// <summary>Field 6 of /proc/pid/stat, counted after the command name (which may hold spaces).</summary>
    private static int SessionOf(int pid) =>
        int.Parse(File.ReadAllText($"/proc/{pid}/stat").Split(')')[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[3], System.Globalization.CultureInfo.InvariantCulture);

    private static bool IsRunning(int pid) =>
        File.Exists($"/proc/{pid}/stat") && !File.ReadAllText($"/proc/{pid}/stat").Split(')')[^1].TrimStart().StartsWith('Z');
}
