using System.IO.Compression;
using System.Net;
using System.Text;
using ConPaaS.Domain.Agents;
using ConPaaS.Infrastructure.Agents;
using MySqlConnector;

namespace ConPaaS.Agent.Tests.MySql;

/// <summary>
/// A master and two replicas on real agents and real MariaDB servers, reached the way the portal reaches them
/// (mutual TLS, the agent clients) and the way applications do (a MySQL connection to each node's port 3306).
/// </summary>
public sealed class MySqlReplicationTests(MySqlClusterFixture cluster) : IClassFixture<MySqlClusterFixture>
{
    private MySqlNodes Nodes => cluster.Nodes;

    [Fact]
    public async Task A_replica_starts_from_a_copy_of_the_master()
    {
        // Written before the replicas existed, so only the copy can have brought it (other tests may be
        // reloading the table through replication just now, hence the wait).
        await Nodes.WaitForValueAsync(cluster.Replica1, "SELECT COUNT(*) FROM seeded.t", 2L);
        await Nodes.WaitForValueAsync(cluster.Replica2, "SELECT COUNT(*) FROM seeded.t", 2L);
    }

    [Fact]
    public async Task A_row_written_on_the_master_is_read_on_both_replicas()
    {
        await Nodes.ExecuteAsync(cluster.Master, "CREATE DATABASE IF NOT EXISTS shop; CREATE TABLE shop.orders (id INT PRIMARY KEY, item VARCHAR(40)); INSERT INTO shop.orders VALUES (7, 'teapot');");

        await Nodes.WaitForValueAsync(cluster.Replica1, "SELECT item FROM shop.orders WHERE id = 7", "teapot");
        await Nodes.WaitForValueAsync(cluster.Replica2, "SELECT item FROM shop.orders WHERE id = 7", "teapot");
    }

    [Fact]
    public async Task Replicas_are_read_only_and_have_server_ids_of_their_own()
    {
        var ids = new HashSet<object?>
        {
            await Nodes.ScalarAsync(cluster.Master, "SELECT @@server_id"),
            await Nodes.ScalarAsync(cluster.Replica1, "SELECT @@server_id"),
            await Nodes.ScalarAsync(cluster.Replica2, "SELECT @@server_id"),
        };

        Assert.Equal(3, ids.Count);
        Assert.Equal(1, Convert.ToInt32(await Nodes.ScalarAsync(cluster.Replica1, "SELECT @@read_only")));
        Assert.Equal(0, Convert.ToInt32(await Nodes.ScalarAsync(cluster.Master, "SELECT @@read_only")));
        Assert.Equal(1, Convert.ToInt32(await Nodes.ScalarAsync(cluster.Master, "SELECT @@log_bin")));
    }

    [Fact]
    public async Task The_replica_status_shows_both_threads_running()
    {
        await Nodes.ExecuteAsync(cluster.Master, "CREATE DATABASE IF NOT EXISTS status_probe");
        await Nodes.WaitForValueAsync(cluster.Replica1, "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'status_probe'", 1);

        var status = await Nodes.MySql.GetReplicaStatusAsync(cluster.Replica1.Agent);

        Assert.True(status.IoRunning, status.LastError);
        Assert.True(status.SqlRunning, status.LastError);
        Assert.Equal("Yes", status.IoState);
        Assert.NotNull(status.SecondsBehindMaster);
        Assert.Equal(cluster.Master.Address, status.MasterAddress);
        Assert.Null(status.LastError);
        Assert.NotEmpty(status.GtidPosition);
    }

    [Fact]
    public async Task The_master_has_no_replica_status()
    {
        var refusal = await Assert.ThrowsAsync<AgentCallFailedException>(() => Nodes.MySql.GetReplicaStatusAsync(cluster.Master.Agent));

        Assert.Equal(HttpStatusCode.Conflict, refusal.StatusCode);
    }

    [Fact]
    public async Task A_new_admin_password_replaces_the_old_one_on_the_master_and_the_replicas()
    {
        var oldPassword = Nodes.AdminPassword;
        const string newPassword = "second \"pass\" ü";

        var status = await Nodes.MySql.SetAdminPasswordAsync(cluster.Master.Agent, newPassword);
        Nodes.AdminPassword = newPassword;

        Assert.Equal(AgentRoleState.Running, status.State);
        Assert.Equal(1L, Convert.ToInt64(await Nodes.ScalarAsync(cluster.Master, "SELECT 1")));
        foreach (var node in new[] { cluster.Master, cluster.Replica1, cluster.Replica2 })
        {
            await Nodes.WaitForValueAsync(node, "SELECT 1", 1L); // the new password, once replicated
            await using var old = Nodes.Connect(node, oldPassword);
            var refusal = await Assert.ThrowsAsync<MySqlException>(() => old.OpenAsync());
            Assert.Equal(MySqlErrorCode.AccessDenied, refusal.ErrorCode);
        }
    }

    [Fact]
    public async Task A_dump_of_ten_thousand_rows_loads_on_the_master_and_reaches_the_replicas()
    {
        var dump = new StringBuilder("CREATE DATABASE bulk;\nUSE bulk;\nCREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(40));\n");
        for (var batch = 0; batch < 10; batch++)
        {
            dump.Append("INSERT INTO items VALUES ");
            dump.AppendJoin(",\n", Enumerable.Range(batch * 1000 + 1, 1000).Select(id => $"({id}, 'item {id}')"));
            dump.Append(";\n");
        }

        var result = await LoadAsync(dump.ToString());

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(10_000L, await Nodes.ScalarAsync(cluster.Master, "SELECT COUNT(*) FROM bulk.items"));
        await Nodes.WaitForValueAsync(cluster.Replica2, "SELECT COUNT(*) FROM bulk.items", 10_000L);
        await Nodes.WaitForValueAsync(cluster.Replica1, "SELECT COUNT(*) FROM bulk.items", 10_000L);
    }

    [Fact]
    public async Task A_dump_with_a_syntax_error_reports_where_and_keeps_what_came_before()
    {
        const string dump = "CREATE DATABASE broken;\nCREATE TABLE broken.t (id INT);\nINSERT INTO broken.t VALUES (1);\n\nINSERT INTO broken.t VALUSE (2);\nINSERT INTO broken.t VALUES (3);\n";

        var result = await LoadAsync(dump);

        Assert.False(result.Succeeded);
        Assert.Equal(5, result.Line);
        Assert.Equal(4, result.StatementNumber);
        Assert.Equal(1064, result.ErrorCode);
        Assert.Contains("VALUSE (2)", result.Message);
        Assert.Equal("INSERT INTO broken.t VALUSE (2)", result.Statement);
        Assert.Equal(1L, await Nodes.ScalarAsync(cluster.Master, "SELECT COUNT(*) FROM broken.t"));
        Assert.Equal(AgentRoleState.Running, (await Nodes.Agents.GetRoleAsync(cluster.Master.Agent, AgentMySqlRoles.Master)).State);
    }

    [Fact]
    public async Task A_binary_file_is_refused_and_the_master_keeps_serving()
    {
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52 };

        var refusal = await Assert.ThrowsAsync<AgentCallFailedException>(() => Nodes.MySql.LoadDumpAsync(cluster.Master.Agent, new MemoryStream(png)));

        Assert.Equal(HttpStatusCode.BadRequest, refusal.StatusCode);
        Assert.Contains("not an SQL dump", refusal.Message);
        Assert.Equal(1L, Convert.ToInt64(await Nodes.ScalarAsync(cluster.Master, "SELECT 1")));
    }

    [Fact]
    public async Task Text_that_is_not_sql_reports_the_servers_refusal()
    {
        var result = await LoadAsync("Dear customer,\nplease find attached our invoice.\n");

        Assert.False(result.Succeeded);
        Assert.Equal(1, result.Line);
        Assert.Equal(1064, result.ErrorCode);
    }

    [Fact]
    public async Task A_gzip_dump_loads_into_the_named_database()
    {
        await Nodes.ExecuteAsync(cluster.Master, "CREATE DATABASE IF NOT EXISTS zipped");
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            await gzip.WriteAsync(Encoding.UTF8.GetBytes("CREATE TABLE t (id INT);\nINSERT INTO t VALUES (1), (2), (3);\n"));
        compressed.Position = 0;

        var result = await Nodes.MySql.LoadDumpAsync(cluster.Master.Agent, compressed, database: "zipped");

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(3L, await Nodes.ScalarAsync(cluster.Master, "SELECT COUNT(*) FROM zipped.t"));
    }

    [Fact]
    public async Task A_downloaded_dump_holds_the_user_databases_and_loads_again()
    {
        await Nodes.ExecuteAsync(cluster.Master, "CREATE DATABASE IF NOT EXISTS exported; CREATE TABLE IF NOT EXISTS exported.notes (id INT PRIMARY KEY, body TEXT); REPLACE INTO exported.notes VALUES (1, 'hello');");
        // A snapshot fails when DDL runs during it (mariadb-dump's rule): let the replica apply earlier tests' first.
        await Nodes.WaitForValueAsync(cluster.Replica1, "SELECT COUNT(*) FROM exported.notes", 1L);
        using var file = new MemoryStream();

        await Nodes.MySql.DownloadDumpAsync(cluster.Replica1.Agent, file);
        var text = Encoding.UTF8.GetString(file.ToArray());

        Assert.Contains("CREATE DATABASE", text);
        Assert.Contains("-- Dump completed", text);
        Assert.DoesNotContain("`global_priv`", text);
        using var fromMaster = new MemoryStream();
        await Nodes.MySql.DownloadDumpAsync(cluster.Master.Agent, fromMaster);
        Assert.Contains("INSERT INTO `notes` VALUES", Encoding.UTF8.GetString(fromMaster.ToArray()));
        await Nodes.ExecuteAsync(cluster.Master, "DROP DATABASE exported");
        fromMaster.Position = 0;
        var reloaded = await Nodes.MySql.LoadDumpAsync(cluster.Master.Agent, fromMaster);
        Assert.True(reloaded.Succeeded, reloaded.Message);
        Assert.Equal("hello", await Nodes.ScalarAsync(cluster.Master, "SELECT body FROM exported.notes WHERE id = 1"));
    }

    [Fact]
    public async Task The_server_runs_as_the_nodes_workload_user_and_the_service_account_cannot_reach_files()
    {
        var masterFolder = Path.Combine(Nodes.Sandbox.NodesDirectory, cluster.Master.NodeId) + "/";
        var server = NodeProcesses.Find(masterFolder).Single(pid => File.ReadAllText($"/proc/{pid}/comm").Trim() == "mariadbd");
        await using var connection = Nodes.Connect(cluster.Master);
        await connection.OpenAsync();

        var uid = NodeProcesses.Uid(server);
        var write = await Assert.ThrowsAsync<MySqlException>(() => new MySqlCommand("SELECT 'x' INTO OUTFILE '/tmp/conpaas-outfile.txt'", connection).ExecuteNonQueryAsync());
        var read = await new MySqlCommand("SELECT LOAD_FILE('/etc/hostname')", connection).ExecuteScalarAsync();

        Assert.NotNull(uid);
        Assert.NotEqual(0, uid);
        Assert.Contains("Access denied", write.Message, StringComparison.Ordinal);
        Assert.Equal(DBNull.Value, read);
        // Its own databases stay wholly its own.
        await Nodes.ExecuteAsync(cluster.Master, "CREATE DATABASE IF NOT EXISTS own; CREATE TABLE own.t (id INT); DROP DATABASE own;");
    }

    [Fact]
    public async Task A_dump_with_a_client_command_is_refused_with_its_line_before_any_of_it_runs()
    {
        var marker = Path.Combine(Nodes.Sandbox.NodesDirectory, cluster.Master.NodeId, "home", "ran-from-a-dump");
        var dump = $"CREATE DATABASE commanded;\nCREATE TABLE commanded.t (id INT);\nsystem touch {marker}\nINSERT INTO commanded.t VALUES (1);\n";

        var refusal = await Assert.ThrowsAsync<AgentCallFailedException>(() => LoadAsync(dump));

        Assert.Equal(HttpStatusCode.BadRequest, refusal.StatusCode);
        Assert.Contains("Line 3: the dump contains a client command (\"system\"); a dump may contain SQL only.", refusal.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(marker), "the dump's shell command ran");
        Assert.Equal(0L, Convert.ToInt64(await Nodes.ScalarAsync(cluster.Master, "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'commanded'")));
    }

    private Task<MySqlDumpLoadResult> LoadAsync(string sql) =>
        Nodes.MySql.LoadDumpAsync(cluster.Master.Agent, new MemoryStream(Encoding.UTF8.GetBytes(sql)));
}
