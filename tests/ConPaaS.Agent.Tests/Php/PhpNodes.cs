using System.Diagnostics;
using System.Net;
using System.Text.Json;
using ConPaaS.Domain.Agents;
using ConPaaS.Infrastructure.Agents;
using ConPaaS.Infrastructure.Clouds;
using ConPaaS.Infrastructure.Tests.Clouds;

namespace ConPaaS.Agent.Tests.Php;

/// <summary>
/// Real agent processes on the local cloud (a loopback range of their own), the code client, and a plain HTTP
/// client for the service's pages. Disposal terminates the nodes (their agents stop nginx and php-fpm), then
/// kills by pid, with their workers, any server whose pid file it read before: nothing outlives a test.
/// </summary>
public sealed class PhpNodes : IAsyncDisposable
{
    private static readonly string[] PidFiles = ["nginx.pid", "php-fpm.pid"];

    private readonly HashSet<int> _serverPids = [];
    private bool _disposed;

    public LocalCloudSandbox Sandbox { get; } = new();

    public IAgentClient Client => Sandbox.Client;

    public AgentCodeClient Code { get; private set; } = null!;

    /// <summary>
    /// Talks to nginx directly (no proxy from the environment) and opens a connection per request: a reload
    /// closes the old workers' idle keep-alive connections, and a request sent on one at that very moment gets a
    /// reset that HTTP leaves to the client to retry (RFC 9112 §9.3.1; browsers do, HttpClient not always).
    /// </summary>
    public HttpClient Http { get; } = new(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.Zero })
    {
        Timeout = TimeSpan.FromSeconds(15),
    };

    /// <summary>Reuses connections, as browsers do: fine across reloads of the servers behind the proxy.</summary>
    public HttpClient KeepAliveHttp { get; } = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(15) };

    public Task<IReadOnlyList<CloudNode>> CreateNodesAsync(params string[] nodeIds) => CreateNodesAsync(null, nodeIds);

    /// <summary>Nodes of one service (<paramref name="serviceId"/>) share its folder and its workload user, as the portal's nodes do.</summary>
    public async Task<IReadOnlyList<CloudNode>> CreateNodesAsync(int? serviceId, params string[] nodeIds)
    {
        Code = AgentCodeClient.Create(Sandbox.Portal);
        var nodes = await Sandbox.Cloud.CreateNodesAsync(nodeIds.Select(id => new NodeSpec(id, ["php"], ServiceId: serviceId)).ToList());
        return nodes.OrderBy(node => Array.IndexOf(nodeIds, node.NodeId)).ToList();
    }

    public string NodeDirectory(CloudNode node) => Path.Combine(Sandbox.NodesDirectory, node.NodeId);

    public string CodeDirectory(CloudNode node) => Path.Combine(NodeDirectory(node), "code");

    public Task<AgentCodeVersion> UploadAsync(CloudNode node, string version, byte[] zip) =>
        Code.UploadCodeAsync(node.Agent, version, () => new MemoryStream(zip));

    public async Task<RoleStatus> ConfigureAndStartAsync<TSettings>(CloudNode node, string role, TSettings settings)
    {
        await Client.ConfigureRoleAsync(node.Agent, role, settings);
        var status = await Client.StartRoleAsync(node.Agent, role);
        RememberServerPids(node);
        return status;
    }

    public Task<RoleStatus> ConfigureAsync<TSettings>(CloudNode node, string role, TSettings settings) =>
        Client.ConfigureRoleAsync(node.Agent, role, settings);

    public async Task<string> GetAsync(string url)
    {
        using var response = await Http.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        return response.StatusCode == HttpStatusCode.OK ? body : throw new HttpRequestException($"{url} answered {(int)response.StatusCode}: {body}");
    }

    /// <summary>The (host) pid of a role's server master, from its pid file in the server's own run/ folder, or null.</summary>
    public int? ServerPid(CloudNode node, string role, string pidFile) =>
        ServerPid(NodeDirectory(node), role, pidFile);

    private static int? ServerPid(string nodeDirectory, string role, string pidFile)
    {
        var roleDirectory = Path.Combine(nodeDirectory, "roles", role);
        return NodeProcesses.FromPidFile(Path.Combine(roleDirectory, "run", pidFile), roleDirectory + "/");
    }

    public static bool IsRunning(int pid) => NodeProcesses.IsRunning(pid);

    public static string Json(object value) => JsonSerializer.Serialize(value);

    /// <summary>
    /// Runs a test class's set-up; when it fails, every process started so far is ended before the failure shows
    /// (xunit does not dispose a class whose set-up failed).
    /// </summary>
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

    /// <summary>Safe to call twice: a failed set-up disposes at once, and xunit may dispose again.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
            return;
        _disposed = true;
        if (Directory.Exists(Sandbox.NodesDirectory))
        {
            foreach (var node in Directory.EnumerateDirectories(Sandbox.NodesDirectory))
                RememberServerPids(node);
        }
        try
        {
            await Sandbox.DisposeAsync();
        }
        finally
        {
            Http.Dispose();
            KeepAliveHttp.Dispose();
            foreach (var pid in _serverPids)
                KillServer(pid);
        }
    }

    private void RememberServerPids(CloudNode node) => RememberServerPids(NodeDirectory(node));

    private void RememberServerPids(string nodeDirectory)
    {
        var roles = Path.Combine(nodeDirectory, "roles");
        if (!Directory.Exists(roles))
            return;
        foreach (var role in Directory.EnumerateDirectories(roles, "php-*"))
        {
            foreach (var name in PidFiles)
            {
                if (ServerPid(nodeDirectory, Path.GetFileName(role), name) is { } pid)
                    _serverPids.Add(pid);
            }
        }
    }

    /// <summary>
    /// SIGKILL to a leftover master and its workers, but only to an nginx or a php-fpm of this test's nodes (its
    /// title names its configuration file): pids come back fast here, and may name another test's server by now.
    /// </summary>
    private void KillServer(int pid)
    {
        try
        {
            var commandLine = File.ReadAllText($"/proc/{pid}/cmdline");
            if (!IsRunning(pid) || !(commandLine.Contains("nginx", StringComparison.Ordinal) || commandLine.Contains("php-fpm", StringComparison.Ordinal))
                || !commandLine.Contains(Sandbox.NodesDirectory, StringComparison.Ordinal))
                return;
            using var process = Process.GetProcessById(pid);
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        catch (Exception exception) when (exception is IOException or ArgumentException or InvalidOperationException)
        {
            // Already gone.
        }
    }
}
