using System.Net;
using System.Net.Http.Json;
using System.Text;
using ConPaaS.Domain.Contracts;
using ConPaaS.Portal.Tests.Lifecycle;
using ConPaaS.Portal.Tests.Support;
using MySqlConnector;

namespace ConPaaS.Portal.Tests.MySql;

/// <summary>A mysql service through the portal: real MariaDB master and replicas on the local cloud.</summary>
public sealed class MySqlServiceTests(MySqlPortalFixture portal) : IClassFixture<MySqlPortalFixture>
{
    private const string Password = "First-pass-1";

    [Fact]
    public async Task Rows_written_on_the_master_are_read_on_two_replicas_and_a_password_reset_locks_out_the_old_one()
    {
        var (user, service) = await StartedAsync("mysql-repl");
        var access = service.Access!;
        Assert.Equal(("mysqldb", 3306), (access.User, access.Port));
        Assert.Contains($"mysql -h {access.Host}", access.CommandLine);

        await ExecuteAsync(access.Host, Password, "CREATE DATABASE shop; CREATE TABLE shop.orders (id INT PRIMARY KEY, item TEXT); INSERT INTO shop.orders VALUES (1, 'book');");

        await user.Http.PostAsJsonAsync($"/api/v1/services/{service.Id}/nodes", new AddNodesRequest("slave", 2, null));
        await user.WaitForStateAsync(service.Id, "Running", 180);
        var replicas = (await user.NodesAsync(service.Id)).Where(n => n.Roles.Contains("slave")).ToList();
        Assert.Equal(2, replicas.Count);
        foreach (var replica in replicas)
        {
            var item = await ServiceWaits.EventuallyAsync(() => ScalarAsync(replica.Address!, Password, "SELECT item FROM shop.orders WHERE id = 1"),
                value => value as string == "book", 30, $"replica {replica.Id} has the row");
            Assert.Equal("book", item);
        }

        // The read-only address hands connections to the replicas in turn: both answer, and neither takes writes.
        var readPort = (await user.Http.GetFromJsonAsync<ServiceDto>($"/api/v1/services/{service.Id}"))!.Access!.ReadPort!.Value;
        var serversSeen = new HashSet<long>();
        for (var i = 0; i < 6; i++)
            serversSeen.Add(Convert.ToInt64(await ScalarAsync(access.Host, Password, "SELECT @@server_id", readPort)));
        Assert.Equal(replicas.Select(r => (long)r.Id).Order(), serversSeen.Order());
        await Assert.ThrowsAsync<MySqlException>(() => ScalarAsync(access.Host, Password, "INSERT INTO shop.orders VALUES (2, 'pen')", readPort));

        var lag = await user.Http.GetFromJsonAsync<List<ReplicaDto>>($"/api/v1/services/{service.Id}/replicas");
        Assert.Equal(replicas.Select(r => r.Id).Order(), lag!.Select(r => r.NodeId).Order());
        Assert.All(lag!, r => Assert.True(r.Replicating && r.SecondsBehindMaster is >= 0, $"replica {r.NodeId}: {r.LastError}"));

        var reset = await user.Http.PostAsJsonAsync($"/api/v1/services/{service.Id}/password", new SetPasswordRequest("Second-pass-2", "Second-pass-2"));
        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        await Assert.ThrowsAsync<MySqlException>(() => ScalarAsync(access.Host, Password, "SELECT 1"));
        Assert.Equal(1, Convert.ToInt32(await ScalarAsync(access.Host, "Second-pass-2", "SELECT COUNT(*) FROM shop.orders")));

        await StopAsync(user, service);
    }

    [Fact]
    public async Task A_dump_of_ten_thousand_rows_loads_as_an_operation_and_a_broken_one_reports_its_statement_and_line()
    {
        var (user, service) = await StartedAsync("mysql-dump");
        var dump = new StringBuilder("CREATE DATABASE bulk;\nUSE bulk;\nCREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20));\n");
        for (var i = 0; i < 10_000; i += 500)
            dump.Append("INSERT INTO t VALUES ").AppendJoin(",", Enumerable.Range(i, 500).Select(n => $"({n},'row {n}')")).Append(";\n");
        var loaded = await LoadAsync(user, service, new StringContent(dump.ToString(), Encoding.UTF8, "application/sql"));
        Assert.True(loaded.Status == "Succeeded", loaded.Error);
        Assert.True(loaded.Total > 100 && loaded.Done == loaded.Total, $"progress in KiB: {loaded.Done} of {loaded.Total}");
        Assert.Equal(10_000, Convert.ToInt32(await ScalarAsync(service.Access!.Host, Password, "SELECT COUNT(*) FROM bulk.t")));

        var broken = await LoadAsync(user, service,
            new StringContent("USE bulk;\nINSERT INTO t VALUES (20001, 'ok');\nINSERT INTO t VALUS (20002, 'typo');\n", Encoding.UTF8, "application/sql"));
        Assert.Equal("Failed", broken.Status);
        Assert.StartsWith("Statement 3 (line 3): ERROR 1064 (42000)", broken.Error);
        Assert.Contains("syntax", broken.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("Running", (await user.Http.GetFromJsonAsync<ServiceDto>($"/api/v1/services/{service.Id}"))!.State);
        Assert.Equal(10_001, Convert.ToInt32(await ScalarAsync(service.Access!.Host, Password, "SELECT COUNT(*) FROM bulk.t")));

        // Refused before anything runs: a binary file, and one over the limit. Nothing is lost, nothing kept.
        var binary = await user.Http.PostAsync($"/api/v1/services/{service.Id}/dump", new ByteArrayContent([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]));
        await binary.AssertProblemAsync(HttpStatusCode.BadRequest, "binary data");
        var huge = await user.Http.PostAsync($"/api/v1/services/{service.Id}/dump",
            new StringContent(new string('-', (int)MySqlPortalFixture.DumpLimit + 1), Encoding.UTF8, "application/sql"));
        await huge.AssertProblemAsync(HttpStatusCode.BadRequest, "at most 1 MiB");
        Assert.Equal(10_001, Convert.ToInt32(await ScalarAsync(service.Access!.Host, Password, "SELECT COUNT(*) FROM bulk.t")));
        var uploads = Path.Combine(portal.DataDirectory, "services", $"{service.Id}", "dumps");
        Assert.Empty(Directory.Exists(uploads) ? Directory.GetFiles(uploads) : []);

        var download = await user.Http.GetStringAsync($"/api/v1/services/{service.Id}/dump");
        Assert.Contains("CREATE TABLE `t`", download);
        Assert.Contains("'row 9999'", download);

        await StopAsync(user, service);
    }

    /// <summary>Uploads a dump (202: the load runs as the service's operation), waits for it, and returns how it ended.</summary>
    private static async Task<OperationDto> LoadAsync(ApiUser user, ServiceDto service, HttpContent dump)
    {
        var accepted = await user.Http.PostAsync($"/api/v1/services/{service.Id}/dump", dump);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var operation = (await accepted.Content.ReadFromJsonAsync<ServiceDto>())!.ActiveOperation!;
        Assert.Equal("LoadDump", operation.Kind);
        await ServiceWaits.EventuallyAsync(() => user.Http.GetFromJsonAsync<ServiceDto>($"/api/v1/services/{service.Id}"),
            s => s!.ActiveOperation is null, 120, "the dump load ends");
        var history = await user.Http.GetFromJsonAsync<List<OperationDto>>($"/api/v1/services/{service.Id}/logs");
        return history!.Single(o => o.Id == operation.Id);
    }

    [Fact]
    public async Task Weak_or_mismatched_passwords_and_removing_the_master_are_refused()
    {
        var user = await ApiUser.SignUpAsync(portal, "mysql-bad");
        var app = await user.CreateApplicationAsync("db");
        var weak = await user.Http.PostAsJsonAsync("/api/v1/services", new CreateServiceRequest(app.Id, "mysql", "db", "short"));
        await weak.AssertProblemAsync(HttpStatusCode.BadRequest, "at least 8 characters");

        var created = await (await user.Http.PostAsJsonAsync("/api/v1/services", new CreateServiceRequest(app.Id, "mysql", "db"))).Content.ReadFromJsonAsync<ServiceDto>();
        Assert.False(string.IsNullOrEmpty(created!.GeneratedPassword)); // shown this once
        Assert.Null((await user.Http.GetFromJsonAsync<ServiceDto>($"/api/v1/services/{created.Id}"))!.GeneratedPassword);

        var mismatch = await user.Http.PostAsJsonAsync($"/api/v1/services/{created.Id}/password", new SetPasswordRequest("Good-pass-1", "Good-pass-2"));
        (await mismatch.AssertProblemAsync(HttpStatusCode.BadRequest, "differ")).Extensions.TryGetValue("field", out var field);
        Assert.Equal("confirm", field?.ToString());
    }

    [Fact]
    public async Task A_stop_keeps_every_database_and_the_next_start_restores_it()
    {
        var (user, service) = await StartedAsync("mysql-keep");
        var rows = new StringBuilder("CREATE DATABASE alicedb; CREATE TABLE alicedb.t (id INT PRIMARY KEY, v VARCHAR(40)); INSERT INTO alicedb.t VALUES ");
        rows.AppendJoin(",", Enumerable.Range(1, 500).Select(i => $"({i}, 'row {i}')")).Append(';');
        await ExecuteAsync(service.Access!.Host, Password, rows.ToString());
        const string checksum = "SELECT CONCAT(COUNT(*), ':', SUM(CRC32(CONCAT(id, v)))) FROM alicedb.t";
        var before = await ScalarAsync(service.Access.Host, Password, checksum);

        await StopAsync(user, service);
        var kept = (await user.Http.GetFromJsonAsync<List<MySqlBackupDto>>($"/api/v1/services/{service.Id}/backups"))!;
        Assert.Equal("stop", Assert.Single(kept).Kind);
        Assert.True(kept[0].Bytes > 10_000, $"the snapshot holds {kept[0].Bytes} bytes");

        await user.Http.PostAsJsonAsync($"/api/v1/services/{service.Id}/start", new StartServiceRequest(null));
        var restarted = await user.WaitForStateAsync(service.Id, "Running", 120);
        Assert.Equal(before, await ScalarAsync(restarted.Access!.Host, Password, checksum));

        // A second cycle keeps what was written after the first.
        await ExecuteAsync(restarted.Access.Host, Password, "INSERT INTO alicedb.t VALUES (501, 'after the restart');");
        await StopAsync(user, service);
        await user.Http.PostAsJsonAsync($"/api/v1/services/{service.Id}/start", new StartServiceRequest(null));
        var again = await user.WaitForStateAsync(service.Id, "Running", 120);
        Assert.Equal(501, Convert.ToInt32(await ScalarAsync(again.Access!.Host, Password, "SELECT COUNT(*) FROM alicedb.t")));
        await StopAsync(user, service);
    }

    private async Task<(ApiUser, ServiceDto)> StartedAsync(string userName)
    {
        var user = await ApiUser.SignUpAsync(portal, userName);
        var app = await user.CreateApplicationAsync("db");
        var created = await user.Http.PostAsJsonAsync("/api/v1/services", new CreateServiceRequest(app.Id, "mysql", "db", Password));
        var service = (await created.Content.ReadFromJsonAsync<ServiceDto>())!;
        Assert.Null(service.GeneratedPassword);
        await user.Http.PostAsJsonAsync($"/api/v1/services/{service.Id}/start", new StartServiceRequest(null));
        return (user, await user.WaitForStateAsync(service.Id, "Running", 120));
    }

    private static async Task StopAsync(ApiUser user, ServiceDto service)
    {
        await user.Http.PostAsync($"/api/v1/services/{service.Id}/stop", null);
        await user.WaitForStateAsync(service.Id, "Stopped", 120);
    }

    private static async Task ExecuteAsync(string host, string password, string sql)
    {
        await using var connection = new MySqlConnection(ConnectionString(host, password));
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(string host, string password, string sql, int port = 3306)
    {
        await using var connection = new MySqlConnection(ConnectionString(host, password, port));
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private static string ConnectionString(string host, string password, int port = 3306) =>
        new MySqlConnectionStringBuilder { Server = host, Port = (uint)port, UserID = "mysqldb", Password = password, Pooling = false, ConnectionTimeout = 5 }.ConnectionString;
}

/// <summary>A replica whose MariaDB dies: the node shows failed, the master keeps serving, and a replacement is seeded.</summary>
public sealed class MySqlReplicaFailureTests(LocalCloudFixture portal) : IClassFixture<LocalCloudFixture>
{
    [Fact]
    public async Task A_killed_replica_server_marks_the_node_failed_and_its_replacement_is_seeded_again()
    {
        var user = await ApiUser.SignUpAsync(portal, "mysql-kill");
        var app = await user.CreateApplicationAsync("db");
        var created = await user.Http.PostAsJsonAsync("/api/v1/services", new CreateServiceRequest(app.Id, "mysql", "db", "Kill-pass-1"));
        var service = (await created.Content.ReadFromJsonAsync<ServiceDto>())!;
        await user.Http.PostAsJsonAsync($"/api/v1/services/{service.Id}/start", new StartServiceRequest(null));
        service = await user.WaitForStateAsync(service.Id, "Running", 120);
        await Sql.ExecuteAsync(service.Access!.Host, "Kill-pass-1", "CREATE DATABASE keep; CREATE TABLE keep.t (id INT PRIMARY KEY); INSERT INTO keep.t VALUES (42);");
        await user.Http.PostAsJsonAsync($"/api/v1/services/{service.Id}/nodes", new AddNodesRequest("slave", 1, null));
        await user.WaitForStateAsync(service.Id, "Running", 180);
        var replica = (await user.NodesAsync(service.Id)).Single(n => n.Roles.Contains("slave"));

        foreach (var pid in Sql.MariaDbPidsOf(portal.DataDirectory, replica.Id))
            System.Diagnostics.Process.GetProcessById(pid).Kill();
        var nodes = await ServiceWaits.EventuallyAsync(() => user.NodesAsync(service.Id),
            all => all.Any(n => n.Id == replica.Id && n.State == "Failed"), 15, "the replica is marked Failed");
        Assert.Contains("slave", nodes.Single(n => n.Id == replica.Id).StateReason);
        Assert.Equal(42, Convert.ToInt32(await Sql.ScalarAsync(service.Access.Host, "Kill-pass-1", "SELECT id FROM keep.t")));

        await user.Http.PatchAsJsonAsync($"/api/v1/services/{service.Id}", new ServiceSettingsRequest(null, true));
        var replaced = await ServiceWaits.EventuallyAsync(() => user.NodesAsync(service.Id),
            all => all.Count == 2 && all.All(n => n.State == "Running" && n.Id != replica.Id), 120, "a replacement replica runs");
        var fresh = replaced.Single(n => n.Roles.Contains("slave"));
        var seeded = await ServiceWaits.EventuallyAsync(() => Sql.ScalarOrNullAsync(fresh.Address!, "Kill-pass-1", "SELECT id FROM keep.t"),
            value => value is not null, 30, "the replacement has the master's data");
        Assert.Equal(42, Convert.ToInt32(seeded));

        await user.WaitForStateAsync(service.Id, "Running", 60);
        await user.Http.PostAsync($"/api/v1/services/{service.Id}/stop", null);
        await user.WaitForStateAsync(service.Id, "Stopped", 120);
    }
}

internal static class Sql
{
    public static async Task ExecuteAsync(string host, string password, string sql)
    {
        await using var connection = new MySqlConnection(ConnectionString(host, password));
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<object?> ScalarAsync(string host, string password, string sql)
    {
        await using var connection = new MySqlConnection(ConnectionString(host, password));
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    public static async Task<object?> ScalarOrNullAsync(string host, string password, string sql)
    {
        try { return await ScalarAsync(host, password, sql); }
        catch (MySqlException) { return null; }
    }

    /// <summary>The mariadbd of one node, found by its data folder on the command line.</summary>
    public static IEnumerable<int> MariaDbPidsOf(string dataDirectory, int nodeId)
    {
        var folder = Path.Combine(dataDirectory, "nodes", $"node-{nodeId}") + "/";
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out var pid))
                continue;
            string commandLine;
            try { commandLine = File.ReadAllText(Path.Combine(entry, "cmdline")).Replace('\0', ' '); }
            catch (IOException) { continue; }
            if (commandLine.Contains("mariadbd", StringComparison.Ordinal) && commandLine.Contains(folder, StringComparison.Ordinal))
                yield return pid;
        }
    }

    private static string ConnectionString(string host, string password) =>
        new MySqlConnectionStringBuilder { Server = host, Port = 3306, UserID = "mysqldb", Password = password, Pooling = false, ConnectionTimeout = 5 }.ConnectionString;
}
