using System.Diagnostics;
using ConPaaS.Domain.Agents;
using ConPaaS.Infrastructure.Agents;
using ConPaaS.Infrastructure.Clouds;
using ConPaaS.Infrastructure.Tests.Clouds;
using MySqlConnector;

namespace ConPaaS.Agent.Tests.MySql;

/// <summary>
/// Real agent processes of a throw-away local cloud (a loopback block of their own), each running a real
/// MariaDB through the mysql roles, and the portal's clients to drive them. Disposal terminates the nodes
/// (whose agents stop their servers) and then kills, by pid, any mariadbd of these nodes still alive.
/// </summary>
public sealed class MySqlNodes : IAsyncDisposable
{
    public const string AdminUser = "admin";
    public const string ReplicationUser = "replicator";
    public const string ReplicationPassword = "repl-Secret-42";

    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(90);

    private readonly HashSet<int> _serverPids = [];
    private bool _disposed;

    public MySqlNodes() => MySql = AgentMySqlClient.Create(Sandbox.Portal);

    public LocalCloudSandbox Sandbox { get; } = new();

    public IAgentClient Agents => Sandbox.Client;

    public AgentMySqlClient MySql { get; }

    /// <summary>The admin password in force; a test that changes it updates this.</summary>
    public string AdminPassword { get; set; } = "first pass: 'quoted' \\ & spaced";

    /// <summary>
    /// Creates the nodes one after the other: LocalCloud may give two nodes created in parallel the same
    /// address while one agent is between exec calls (its command line unreadable, its port not yet bound).
    /// </summary>
    public async Task<IReadOnlyList<CloudNode>> CreateNodesAsync(params string[] nodeIds)
    {
        var nodes = new List<CloudNode>();
        foreach (var nodeId in nodeIds)
            nodes.Add((await Sandbox.Cloud.CreateNodesAsync([new NodeSpec(nodeId, ["mysql"])])).Single());
        return nodes;
    }

    /// <summary>Runs a test class's set-up; when it fails, every process started so far is ended before the failure shows.</summary>
    public async Task SetUpAsync(Func<Task> setUp)
    {
        try
        {
            await setUp();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    public MySqlMasterRoleSettings MasterSettings() => new(AdminUser, AdminPassword, ReplicationUser, ReplicationPassword);

    public async Task<RoleStatus> StartMasterAsync(CloudNode node)
    {
        await Agents.ConfigureRoleAsync(node.Agent, AgentMySqlRoles.Master, MasterSettings());
        return await StartRoleAsync(node, AgentMySqlRoles.Master);
    }

    public async Task<RoleStatus> StartReplicaAsync(CloudNode node, CloudNode master)
    {
        await Agents.ConfigureRoleAsync(node.Agent, AgentMySqlRoles.Slave, new MySqlSlaveRoleSettings(master.Address, ReplicationUser, ReplicationPassword));
        return await StartRoleAsync(node, AgentMySqlRoles.Slave);
    }

    /// <summary>
    /// Starts a role as a manager would: a start that outlasts the client's timeouts goes on in the agent, so
    /// the caller then follows the role's status until it runs or fails.
    /// </summary>
    public async Task<RoleStatus> StartRoleAsync(CloudNode node, string role)
    {
        RoleStatus status;
        try
        {
            status = await Agents.StartRoleAsync(node.Agent, role);
        }
        catch (AgentUnreachableException)
        {
            status = await Agents.GetRoleAsync(node.Agent, role);
        }
        var waited = Stopwatch.StartNew();
        while (status.State is AgentRoleState.Configured or AgentRoleState.Stopped && waited.Elapsed < StartPatience)
        {
            await Task.Delay(200);
            status = await Agents.GetRoleAsync(node.Agent, role);
        }
        TrackServer(node, role);
        return status;
    }

    public MySqlConnection Connect(CloudNode node, string? password = null) =>
        new(new MySqlConnectionStringBuilder
        {
            Server = node.Address,
            Port = 3306,
            UserID = AdminUser,
            Password = password ?? AdminPassword,
            SslMode = MySqlSslMode.None,
            Pooling = false,
            ConnectionTimeout = 10,
            AllowUserVariables = true,
        }.ConnectionString);

    public async Task<object?> ScalarAsync(CloudNode node, string sql)
    {
        await using var connection = Connect(node);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    public async Task ExecuteAsync(CloudNode node, string sql)
    {
        await using var connection = Connect(node);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Asks until the query gives <paramref name="expected"/>, as replication is asynchronous; a generous limit, not a speed check.</summary>
    public async Task WaitForValueAsync(CloudNode node, string sql, object expected)
    {
        var waited = Stopwatch.StartNew();
        object? last = null;
        while (waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            try
            {
                last = await ScalarAsync(node, sql);
                if (Equals(Convert.ToString(last, System.Globalization.CultureInfo.InvariantCulture), Convert.ToString(expected, System.Globalization.CultureInfo.InvariantCulture)))
                    return;
            }
            catch (MySqlException exception)
            {
                last = exception.Message; // e.g. the table has not reached the replica yet
            }
            await Task.Delay(100);
        }
        Assert.Fail($"Node {node.NodeId} never answered {expected} to '{sql}'; last answer: {last}; replication: {await DescribeReplicationAsync(node)}");
    }

    private async Task<string> DescribeReplicationAsync(CloudNode node)
    {
        try
        {
            return (await MySql.GetReplicaStatusAsync(node.Agent)).ToString();
        }
        catch (AgentException exception)
        {
            return exception.Message;
        }
    }

    /// <summary>The (host) pid of a role's server, from its pid file; remembered for disposal.</summary>
    public int? ServerPid(CloudNode node, string role)
    {
        var roleDirectory = Path.Combine(Sandbox.NodesDirectory, node.NodeId, "roles", role);
        return NodeProcesses.FromPidFile(Path.Combine(roleDirectory, "run", "mariadbd.pid"), roleDirectory + "/");
    }

    /// <summary>
    /// True while <paramref name="pid"/> is a live MariaDB server of this test's nodes. Pids come back fast here
    /// (pid_max is 32768 and the TaskFarm tests start thousands of processes), so a pid alone may name another
    /// test's server by now.
    /// </summary>
    public bool IsOurMariaDb(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat.Contains("(mariadbd)", StringComparison.Ordinal) && stat[(stat.LastIndexOf(')') + 2)..][0] is not ('Z' or 'X')
                && File.ReadAllText($"/proc/{pid}/cmdline").Contains(Sandbox.NodesDirectory, StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Safe to call twice: a failed set-up disposes at once, and xunit may dispose again.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
            return;
        _disposed = true;
        TrackAllServers();
        try
        {
            await Sandbox.DisposeAsync();
        }
        finally
        {
            foreach (var pid in _serverPids.Where(IsOurMariaDb))
            {
                using var process = Process.GetProcessById(pid);
                process.Kill();
                process.WaitForExit(5000);
            }
        }
    }

    private void TrackServer(CloudNode node, string role)
    {
        if (ServerPid(node, role) is { } pid)
            _serverPids.Add(pid);
    }

    private void TrackAllServers()
    {
        if (!Directory.Exists(Sandbox.NodesDirectory))
            return;
        foreach (var pidFile in Directory.EnumerateFiles(Sandbox.NodesDirectory, "mariadbd.pid", SearchOption.AllDirectories))
        {
            if (int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid))
                _serverPids.Add(pid);
        }
    }
}
