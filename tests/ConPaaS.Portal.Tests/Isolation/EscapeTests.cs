using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using ConPaaS.Domain.Contracts;
using ConPaaS.Portal.Tests.Support;
using MySqlConnector;

namespace ConPaaS.Portal.Tests.Isolation;

/// <summary>
/// A user's code is hostile: Bob's TaskFarm task and PHP page try to reach the portal's data and processes and
/// Alice's node, and Alice's own SQL tries to write files. Each attempt is first made from the host, where it
/// works, so that a failure on a node is the node's isolation and not a broken attempt.
/// </summary>
public sealed class EscapeTests(EscapeWorld world) : IClassFixture<EscapeWorld>
{
    [Fact]
    public async Task A_task_reaches_neither_the_portal_nor_another_users_node()
    {
        var attempts = world.Attempts();
        foreach (var (name, command) in attempts.Where(a => a.Key != "runs as root" && !a.Value.Contains("/tmp/conpaas-mariadb-", StringComparison.Ordinal)))
            Assert.True(await HostSucceedsAsync(command), $"the attempt '{name}' must work from the host, or it proves nothing: {command}");
        File.Delete(world.Planted);

        var bag = string.Join('\n', attempts.Select(a => $"if {a.Value} >/dev/null 2>&1; then echo \"ESCAPED {a.Key}\"; else echo \"blocked {a.Key}\"; fi"));
        var outputs = await world.RunBagAsync(bag);

        Assert.Equal(attempts.Keys.Select(name => $"blocked {name}"), outputs);
        Assert.False(File.Exists(world.Planted), "a task wrote into the portal's data folder");
    }

    [Fact]
    public async Task A_php_page_reaches_neither_the_portal_nor_another_users_node()
    {
        var page = await world.PhpProbeAsync();

        Assert.All(page, check => Assert.False(check.Value, $"a PHP page could: {check.Key}"));
        Assert.Equal(world.PhpProbeNames.Order(StringComparer.Ordinal), page.Keys);
    }

    [Fact]
    public async Task The_database_user_can_neither_write_nor_read_files_through_the_server()
    {
        var host = world.AliceDatabase.Access!.Host;
        await using var connection = new MySqlConnection(new MySqlConnectionStringBuilder
        {
            Server = host, UserID = "mysqldb", Password = EscapeWorld.AlicePassword, Pooling = false, ConnectionTimeout = 5,
        }.ConnectionString);
        await connection.OpenAsync();

        var write = await Assert.ThrowsAsync<MySqlException>(() => new MySqlCommand("SELECT 'x' INTO OUTFILE '/tmp/escaped.txt'", connection).ExecuteNonQueryAsync());
        Assert.Contains("denied", write.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(DBNull.Value, await new MySqlCommand("SELECT LOAD_FILE('/etc/hostname')", connection).ExecuteScalarAsync());
        var grants = new List<string>();
        await using (var reader = await new MySqlCommand("SHOW GRANTS", connection).ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
                grants.Add(reader.GetString(0));
        }
        Assert.DoesNotContain(grants, grant => grant.Contains("ALL PRIVILEGES ON *.*", StringComparison.Ordinal) || grant.Contains(" FILE", StringComparison.Ordinal)
            || grant.Contains("SUPER", StringComparison.Ordinal) || grant.Contains("SHUTDOWN", StringComparison.Ordinal));
        // Its own databases are still wholly its own.
        await new MySqlCommand("CREATE DATABASE IF NOT EXISTS mine; CREATE TABLE IF NOT EXISTS mine.t (id INT); INSERT INTO mine.t VALUES (1); DROP DATABASE mine;", connection).ExecuteNonQueryAsync();
    }

    private static async Task<bool> HostSucceedsAsync(string command)
    {
        using var process = Process.Start(new ProcessStartInfo("bash", ["-c", command + " >/dev/null 2>&1"]) { UseShellExecute = false })!;
        await process.WaitForExitAsync();
        return process.ExitCode == 0;
    }
}

/// <summary>
/// Alice runs a MySQL service with a table and a PHP site; Bob runs a TaskFarm and a PHP site of his own, from
/// which he attacks. Listeners on the host's loopback and on all its addresses stand for the portal's ports.
/// </summary>
public sealed class EscapeWorld : LocalCloudPortal, IAsyncLifetime
{
    public const string AlicePassword = "Alice-pass-1";

    private readonly TcpListener _loopback = new(IPAddress.Loopback, 0);
    private readonly TcpListener _anyAddress = new(IPAddress.Any, 0);
    private ApiUser _bob = null!;
    private ServiceDto _farm = null!;
    private ServiceDto _bobSite = null!;
    private string _aliceNodeDirectory = "";
    private string? _aliceSocket;
    private int _aliceServerPid;
    private string _gateway = "";

    public ServiceDto AliceDatabase { get; private set; } = null!;

    /// <summary>A file a task tries to create in the portal's data folder.</summary>
    public string Planted => Path.Combine(DataDirectory, "nodes", "planted-by-a-task");

    public IReadOnlyList<string> PhpProbeNames { get; } = ["another node's folder", "portal database", "portal process", "portal's loopback port", "root", "the host's ports", "/etc/shadow"];

    public async Task InitializeAsync()
    {
        _loopback.Start();
        _anyAddress.Start();
        var alice = await ApiUser.SignUpAsync(this, "escape-alice");
        var aliceApp = await alice.CreateApplicationAsync("shop");
        var created = await alice.Http.PostAsJsonAsync("/api/v1/services", new CreateServiceRequest(aliceApp.Id, "mysql", "db", AlicePassword));
        var database = (await created.Content.ReadFromJsonAsync<ServiceDto>())!;
        await alice.Http.PostAsJsonAsync($"/api/v1/services/{database.Id}/start", new StartServiceRequest(null));
        AliceDatabase = await alice.WaitForStateAsync(database.Id, "Running", 120);
        _aliceNodeDirectory = Directory.EnumerateDirectories(Path.Combine(DataDirectory, "nodes"))
            .Single(node => File.ReadAllText(Path.Combine(node, "node.json")).Contains($"\"{AliceDatabase.Access!.Host}\"", StringComparison.Ordinal));
        // A socket whose path would be too long lives in the node's /tmp, which only the node sees.
        _aliceSocket = Directory.EnumerateFiles(_aliceNodeDirectory, "*.sock", SearchOption.AllDirectories).FirstOrDefault();
        _aliceServerPid = Directory.EnumerateDirectories("/proc").Select(p => int.TryParse(Path.GetFileName(p), out var pid) ? pid : 0)
            .First(pid => pid > 0 && CommandLine(pid) is { } line && line.Contains("mariadbd", StringComparison.Ordinal) && line.Contains(_aliceNodeDirectory, StringComparison.Ordinal));

        _bob = await ApiUser.SignUpAsync(this, "escape-bob");
        var bobApp = await _bob.CreateApplicationAsync("tools");
        _farm = await _bob.CreateServiceAsync(bobApp.Id, "taskfarm");
        await _bob.Http.PostAsJsonAsync($"/api/v1/services/{_farm.Id}/start", new StartServiceRequest(null));
        await _bob.WaitForStateAsync(_farm.Id, "Running");
        _bobSite = await _bob.CreateServiceAsync(bobApp.Id, "php", "site");
        // The host's side of the cloud's bridge: every node's gateway.
        _gateway = string.Join('.', AliceDatabase.Access!.Host.Split('.')[..3]) + ".1";
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _loopback.Stop();
            _anyAddress.Stop();
        }
        base.Dispose(disposing);
    }

    /// <summary>Each attempt as a bash condition that is true when it succeeds.</summary>
    public Dictionary<string, string> Attempts()
    {
        int loopbackPort = ((IPEndPoint)_loopback.LocalEndpoint).Port;
        int anyPort = ((IPEndPoint)_anyAddress.LocalEndpoint).Port;
        return new()
        {
            ["runs as root"] = "test \"$(id -u)\" = 0",
            ["reads the portal's database"] = $"head -c 16 {Path.Combine(DataDirectory, "conpaas.db")}",
            ["reads the CA folder"] = $"ls {Path.Combine(DataDirectory, "ca")}",
            ["reads the key ring"] = $"ls {Path.Combine(DataDirectory, "keys")}",
            ["writes into the data folder"] = $"touch {Planted}",
            ["reads another node's folder"] = $"ls {_aliceNodeDirectory}",
            ["uses another node's MariaDB socket"] = _aliceSocket is null
                ? "bash -c 'for s in /tmp/conpaas-mariadb-*.sock /tmp/conpaas-mariadb-*/*.sock; do [ -S \"$s\" ] && mariadb -uroot -S \"$s\" -e \"SELECT 1\" && exit 0; done; exit 1'"
                : $"test -S {_aliceSocket} && mariadb -uroot -S {_aliceSocket} -e 'SELECT 1'",
            ["sees the portal's process"] = $"grep -q testhost /proc/{Environment.ProcessId}/cmdline",
            ["signals another node's server"] = $"kill -0 {_aliceServerPid} && grep -q mariadbd /proc/{_aliceServerPid}/cmdline",
            ["connects to the portal's loopback port"] = $"timeout 3 bash -c 'exec 3<>/dev/tcp/127.0.0.1/{loopbackPort}'",
            ["connects to the host's other ports"] = $"timeout 3 bash -c 'exec 3<>/dev/tcp/{_gateway}/{anyPort}'",
            ["reads /etc/shadow"] = "head -c 1 /etc/shadow",
        };
    }

    /// <summary>Runs a small bag directly on Bob's farm; returns each line's standard output, in bag order.</summary>
    public async Task<List<string>> RunBagAsync(string bag)
    {
        var uploaded = await _bob.Http.PostAsync($"/api/v1/services/{_farm.Id}/bag", new StringContent(bag));
        Assert.Equal(HttpStatusCode.Accepted, uploaded.StatusCode);
        var direct = await _bob.Http.PostAsJsonAsync($"/api/v1/services/{_farm.Id}/execute", new TaskFarmExecuteRequest(null, RunDirectly: true));
        Assert.Equal(HttpStatusCode.Accepted, direct.StatusCode);
        await ServiceWaits.EventuallyAsync(
            async () => (await _bob.Http.GetFromJsonAsync<TaskFarmProgressDto>($"/api/v1/services/{_farm.Id}/progress"))!,
            progress => progress.Phase == "Done", 180, "the bag runs");
        var outputs = (await _bob.Http.GetFromJsonAsync<List<TaskFarmOutputDto>>($"/api/v1/services/{_farm.Id}/outputs"))!;
        return outputs.OrderBy(o => o.Task).Select(o => o.Stdout.Trim()).ToList();
    }

    /// <summary>Deploys Bob's probe page on his PHP service and returns what it could do.</summary>
    public async Task<SortedDictionary<string, bool>> PhpProbeAsync()
    {
        int loopbackPort = ((IPEndPoint)_loopback.LocalEndpoint).Port;
        int anyPort = ((IPEndPoint)_anyAddress.LocalEndpoint).Port;
        var database = Path.Combine(DataDirectory, "conpaas.db");
        var page = $$"""
            <?php
            $portal = @file_get_contents('/proc/{{Environment.ProcessId}}/cmdline');
            echo json_encode([
              'root' => posix_geteuid() === 0,
              'portal database' => @file_get_contents('{{database}}') !== false,
              'another node\'s folder' => @scandir('{{_aliceNodeDirectory}}') !== false,
              '/etc/shadow' => @file_get_contents('/etc/shadow') !== false,
              'portal process' => $portal !== false && str_contains($portal, 'testhost'),
              'portal\'s loopback port' => (bool)@fsockopen('127.0.0.1', {{loopbackPort}}, $no, $why, 3),
              'the host\'s ports' => (bool)@fsockopen('{{_gateway}}', {{anyPort}}, $no, $why, 3),
            ]);
            """;
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            await using var entry = archive.CreateEntry("index.php").Open();
            await entry.WriteAsync(System.Text.Encoding.UTF8.GetBytes(page));
        }
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(zip.ToArray()), "archive", "probe.zip" },
            { new StringContent("probe"), "description" },
        };
        var version = (await (await _bob.Http.PostAsync($"/api/v1/services/{_bobSite.Id}/code", form)).Content.ReadFromJsonAsync<CodeVersionDto>())!;
        await _bob.Http.PostAsync($"/api/v1/services/{_bobSite.Id}/code/{version.Id}/activate", null);
        await _bob.Http.PostAsJsonAsync($"/api/v1/services/{_bobSite.Id}/start", new StartServiceRequest(null));
        var site = await _bob.WaitForStateAsync(_bobSite.Id, "Running", 120);
        using var browser = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var body = await browser.GetStringAsync(site.Url);
        return new SortedDictionary<string, bool>(JsonSerializer.Deserialize<Dictionary<string, bool>>(body)
            ?? throw new Xunit.Sdk.XunitException($"the probe page said: {body}"), StringComparer.Ordinal);
    }

    private static string? CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return null;
        }
    }
}
