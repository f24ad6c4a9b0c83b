using System.Net;
using ConPaaS.Domain.Agents;
using ConPaaS.Infrastructure.Agents;
using ConPaaS.Infrastructure.Clouds;

namespace ConPaaS.Agent.Tests.MySql;

/// <summary>Starting, restarting and stopping the mysql roles on real agents: data survives, servers really go away.</summary>
public sealed class MySqlRoleLifecycleTests : IAsyncLifetime
{
    private readonly MySqlNodes _nodes = new();
    private CloudNode _master = null!;
    private CloudNode _replica = null!;

    public Task InitializeAsync() => _nodes.SetUpAsync(async () =>
    {
        var nodes = await _nodes.CreateNodesAsync("life-master", "life-replica");
        (_master, _replica) = (nodes[0], nodes[1]);
    });

    public async Task DisposeAsync() => await _nodes.DisposeAsync();

    [Fact]
    public async Task A_role_refuses_to_start_before_it_is_configured()
    {
        var refusal = await Assert.ThrowsAsync<AgentCallFailedException>(() => _nodes.Agents.StartRoleAsync(_master.Agent, AgentMySqlRoles.Master));

        Assert.Equal(HttpStatusCode.Conflict, refusal.StatusCode);
    }

    [Fact]
    public async Task Unusable_settings_are_refused_without_echoing_the_password()
    {
        var settings = _nodes.MasterSettings() with { ReplicationPassword = "short!" };

        var refusal = await Assert.ThrowsAsync<AgentCallFailedException>(() => _nodes.Agents.ConfigureRoleAsync(_master.Agent, AgentMySqlRoles.Master, settings));

        Assert.Equal(HttpStatusCode.BadRequest, refusal.StatusCode);
        Assert.Contains("replicationPassword", refusal.Message);
        Assert.DoesNotContain("short!", refusal.Message);
        Assert.DoesNotContain(_nodes.AdminPassword, settings.ToString());
    }

    [Fact]
    public async Task A_restarted_master_keeps_its_data_and_a_restarted_replica_catches_up()
    {
        AssertRuns(await _nodes.StartMasterAsync(_master));
        await _nodes.ExecuteAsync(_master, "CREATE DATABASE kept; CREATE TABLE kept.t (id INT); INSERT INTO kept.t VALUES (1);");
        AssertRuns(await _nodes.StartReplicaAsync(_replica, _master));
        await _nodes.WaitForValueAsync(_replica, "SELECT COUNT(*) FROM kept.t", 1L);

        var masterPid = _nodes.ServerPid(_master, AgentMySqlRoles.Master)!.Value;
        Assert.Equal(AgentRoleState.Stopped, (await _nodes.Agents.StopRoleAsync(_master.Agent, AgentMySqlRoles.Master)).State);
        Assert.False(_nodes.IsOurMariaDb(masterPid));
        AssertRuns(await _nodes.StartRoleAsync(_master, AgentMySqlRoles.Master));
        Assert.Equal(1L, await _nodes.ScalarAsync(_master, "SELECT COUNT(*) FROM kept.t"));

        // A removed replica stops cleanly; started again, it resumes from where it was, not from a new copy.
        var replicaPid = _nodes.ServerPid(_replica, AgentMySqlRoles.Slave)!.Value;
        Assert.Equal(AgentRoleState.Stopped, (await _nodes.Agents.StopRoleAsync(_replica.Agent, AgentMySqlRoles.Slave)).State);
        Assert.False(_nodes.IsOurMariaDb(replicaPid));
        await _nodes.ExecuteAsync(_master, "INSERT INTO kept.t VALUES (2);");
        AssertRuns(await _nodes.StartRoleAsync(_replica, AgentMySqlRoles.Slave));
        await _nodes.WaitForValueAsync(_replica, "SELECT COUNT(*) FROM kept.t", 2L);
        Assert.Contains("Shutdown complete", await ReadLogAsync(_replica, "mysql-slave.log"), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_replica_whose_master_is_unreachable_fails_with_the_reason()
    {
        var settings = new MySqlSlaveRoleSettings(_master.Address, MySqlNodes.ReplicationUser, MySqlNodes.ReplicationPassword);
        await _nodes.Agents.ConfigureRoleAsync(_replica.Agent, AgentMySqlRoles.Slave, settings);

        var status = await _nodes.StartRoleAsync(_replica, AgentMySqlRoles.Slave);

        Assert.Equal(AgentRoleState.Failed, status.State);
        Assert.Contains("Could not copy the master's data", status.Detail);
        Assert.DoesNotContain(MySqlNodes.ReplicationPassword, status.Detail);
        Assert.Null(_nodes.ServerPid(_replica, AgentMySqlRoles.Slave));
    }

    [Fact]
    public async Task A_new_start_after_a_failed_one_does_not_report_the_old_failure_while_it_runs()
    {
        var settings = new MySqlSlaveRoleSettings(_master.Address, MySqlNodes.ReplicationUser, MySqlNodes.ReplicationPassword);
        await _nodes.Agents.ConfigureRoleAsync(_replica.Agent, AgentMySqlRoles.Slave, settings);
        Assert.Equal(AgentRoleState.Failed, (await _nodes.StartRoleAsync(_replica, AgentMySqlRoles.Slave)).State);

        var again = _nodes.StartRoleAsync(_replica, AgentMySqlRoles.Slave);
        var seenWhileStarting = new List<RoleStatus>();
        while (!again.IsCompleted)
        {
            var status = await _nodes.Agents.GetRoleAsync(_replica.Agent, AgentMySqlRoles.Slave);
            if (status.Detail is { } detail && (detail.StartsWith("Starting", StringComparison.Ordinal) || detail.StartsWith("Copying", StringComparison.Ordinal)))
                seenWhileStarting.Add(status);
            await Task.Delay(50);
        }

        Assert.NotEmpty(seenWhileStarting);
        Assert.All(seenWhileStarting, status => Assert.NotEqual(AgentRoleState.Failed, status.State));
        Assert.Contains("Could not copy the master's data", (await again).Detail);
    }

    [Fact]
    public async Task The_servers_error_log_is_one_of_the_nodes_logs()
    {
        await _nodes.StartMasterAsync(_master);

        var logs = await _nodes.Agents.ListLogsAsync(_master.Agent);

        Assert.Contains(logs, log => log.Name == "mysql-master.log");
        Assert.Contains("ready for connections", await ReadLogAsync(_master, "mysql-master.log"));
    }

    [Fact]
    public async Task No_password_is_left_in_the_nodes_logs_or_files_outside_the_servers_data()
    {
        await _nodes.StartMasterAsync(_master);
        await _nodes.StartReplicaAsync(_replica, _master);
        const string newPassword = "a brand new secret";
        await _nodes.MySql.SetAdminPasswordAsync(_master.Agent, newPassword);

        foreach (var node in new[] { _master, _replica })
        {
            var folder = Path.Combine(_nodes.Sandbox.NodesDirectory, node.NodeId);
            foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Where(file => !IsServerData(file) && !file.EndsWith(".sock", StringComparison.Ordinal)))
            {
                var text = await File.ReadAllTextAsync(file);
                Assert.DoesNotContain(MySqlNodes.ReplicationPassword, text);
                Assert.DoesNotContain(_nodes.AdminPassword, text);
                Assert.DoesNotContain(newPassword, text);
            }
            // Closed to everyone but the agent and the server's own user (its group may enter, never write).
            foreach (var role in Directory.EnumerateDirectories(Path.Combine(folder, "roles")).Where(path => Path.GetFileName(path).StartsWith("mysql", StringComparison.Ordinal)))
                Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(role) & (UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute));
        }
    }

    private static void AssertRuns(RoleStatus status) =>
        Assert.True(status.State == AgentRoleState.Running, $"The {status.Name} role is {status.State}: {status.Detail}");

    // MariaDB's own files (the replica keeps its master's credentials in master.info, as MariaDB does) live in
    // data/, inside the role folder that only the agent's user may enter.
    private static bool IsServerData(string path) =>
        path.Contains($"{Path.DirectorySeparatorChar}data{Path.DirectorySeparatorChar}", StringComparison.Ordinal);

    private async Task<string> ReadLogAsync(CloudNode node, string name) =>
        (await _nodes.Agents.ReadLogTailAsync(node.Agent, name, 200)).Text;
}
