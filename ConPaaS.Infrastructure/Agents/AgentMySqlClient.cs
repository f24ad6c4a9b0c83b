using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ConPaaS.Domain.Agents;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;

namespace ConPaaS.Infrastructure.Agents;

/// <summary>
/// The mysql operations of a node's agent beyond configure/start/stop (the original's <c>set_password</c>,
/// <c>load_dump</c>, <c>sqldump</c>, and a replica's status). It shares the agent client's connections (one
/// mutual-TLS pool per node) and retry rules; dumps are streamed both ways, never held whole in memory.
/// Register with <see cref="AgentMySqlClientRegistration.AddAgentMySqlClient"/> after <c>AddClouds</c>.
/// </summary>
public sealed class AgentMySqlClient : AgentServiceClient
{
    internal AgentMySqlClient(AgentConnections connections, AgentClientOptions options, ILogger logger)
        : base(connections, options, logger)
    {
    }

    /// <summary>Builds the client on the services <c>AddClouds</c> registered (the same connection pools).</summary>
    public static AgentMySqlClient Create(IServiceProvider services) => new(
        services.GetRequiredService<AgentConnections>(),
        services.GetRequiredService<IOptions<AgentClientOptions>>().Value,
        services.GetRequiredService<ILogger<AgentMySqlClient>>());

    /// <summary>
    /// Sets the admin account's password on the master; replicas follow through replication. Idempotent, so
    /// retried like a read. The manager must keep the new password: later configure calls send it again.
    /// </summary>
    public Task<RoleStatus> SetAdminPasswordAsync(AgentEndpoint master, string password, CancellationToken cancellationToken = default) =>
        SendJsonAsync<RoleStatus>(master, HttpMethod.Post, AgentRoutes.MySqlPassword, new { password }, cancellationToken);

    /// <summary>
    /// Sends a dump (plain SQL, or gzip; any size, streamed from <paramref name="dump"/>) to the master and starts
    /// loading it under the name <paramref name="loadId"/>; answers once the agent has the whole file. Sent once,
    /// never retried (a stream cannot be replayed); when the agent already knows the id, it ignores the file and
    /// answers that load's status, so a dump never runs twice. <paramref name="database"/> is the default database
    /// for a dump without <c>USE</c> statements.
    /// </summary>
    /// <exception cref="AgentCallFailedException">400 for a file that is not SQL text; 409 when the master does not run.</exception>
    public async Task<MySqlDumpLoadStatus> StartDumpLoadAsync(
        AgentEndpoint master, string loadId, Stream dump, string? database = null, CancellationToken cancellationToken = default)
    {
        var path = LoadPath(loadId) + (database is null ? "" : $"?database={Uri.EscapeDataString(database)}");
        var connection = Connections.For(master.NodeId);
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(master.BaseUri, path)) { Content = new StreamContent(dump, 128 * 1024) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/sql");
        return await CallAsync(master, HttpMethod.Put, path, connection, async () =>
        {
            using var response = await connection.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return await ReadJsonAsync<MySqlDumpLoadStatus>(master, HttpMethod.Put, path, response, cancellationToken);
        });
    }

    /// <summary>Where a load started with <see cref="StartDumpLoadAsync"/> is; null when the agent does not know it (it restarted).</summary>
    public async Task<MySqlDumpLoadStatus?> GetDumpLoadAsync(AgentEndpoint master, string loadId, CancellationToken cancellationToken = default)
    {
        try
        {
            return await SendJsonAsync<MySqlDumpLoadStatus>(master, HttpMethod.Get, LoadPath(loadId), null, cancellationToken);
        }
        catch (AgentCallFailedException missing) when (missing.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// Loads a dump and waits for the end: how it ended, or where the first failure is (statements before it stay
    /// applied). <paramref name="progress"/> hears the status at each poll.
    /// </summary>
    public async Task<MySqlDumpLoadResult> LoadDumpAsync(
        AgentEndpoint master, Stream dump, string? database = null, Func<MySqlDumpLoadStatus, Task>? progress = null,
        string? loadId = null, CancellationToken cancellationToken = default)
    {
        loadId ??= Guid.NewGuid().ToString("N");
        var status = await StartDumpLoadAsync(master, loadId, dump, database, cancellationToken);
        return await FollowDumpLoadAsync(master, status, progress, cancellationToken);
    }

    /// <summary>Polls a started load until it ends.</summary>
    public async Task<MySqlDumpLoadResult> FollowDumpLoadAsync(
        AgentEndpoint master, MySqlDumpLoadStatus status, Func<MySqlDumpLoadStatus, Task>? progress = null, CancellationToken cancellationToken = default)
    {
        while (status.Result is null)
        {
            if (progress is not null)
                await progress(status);
            await Task.Delay(DumpLoadPollInterval, cancellationToken);
            status = await GetDumpLoadAsync(master, status.Id, cancellationToken)
                ?? throw new AgentCallFailedException(master.NodeId, $"Node {master.NodeId} lost track of the dump load (its agent restarted); the dump may be partly loaded.", System.Net.HttpStatusCode.NotFound);
        }
        return status.Result;
    }

    private static readonly TimeSpan DumpLoadPollInterval = TimeSpan.FromMilliseconds(500);

    private static string LoadPath(string loadId) => AgentRoutes.MySqlDumpLoad.Replace("{id}", Uri.EscapeDataString(loadId), StringComparison.Ordinal);

    /// <summary>
    /// Writes a dump of the user databases (one consistent snapshot) to <paramref name="destination"/>, from the
    /// master or a replica. A dump cut off on the way raises <see cref="AgentCallFailedException"/>, never a
    /// silently short file.
    /// </summary>
    public async Task DownloadDumpAsync(AgentEndpoint node, Stream destination, CancellationToken cancellationToken = default)
    {
        var path = AgentRoutes.MySqlDump;
        var connection = Connections.For(node.NodeId);
        await CallAsync(node, HttpMethod.Get, path, connection, async () =>
        {
            // The retry rules cover reaching the agent and its first answer; the body then flows at its own pace.
            using var response = await Resilience.Idempotent.ExecuteAsync(async token =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(node.BaseUri, path));
                return await connection.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token);
            }, cancellationToken);
            await EnsureSuccessAsync(node, HttpMethod.Get, path, response, cancellationToken);
            try
            {
                await response.Content.CopyToAsync(destination, cancellationToken);
            }
            catch (Exception exception) when (exception is IOException or HttpRequestException)
            {
                throw new AgentCallFailedException(node.NodeId, $"The dump from node {node.NodeId} was cut off: the agent or its server failed while sending it.", response.StatusCode, inner: exception);
            }
            return true;
        });
    }

    /// <summary>How a replica follows its master (409 when the node runs no replica).</summary>
    public Task<MySqlReplicaStatus> GetReplicaStatusAsync(AgentEndpoint replica, CancellationToken cancellationToken = default) =>
        SendJsonAsync<MySqlReplicaStatus>(replica, HttpMethod.Get, AgentRoutes.MySqlReplica, null, cancellationToken);
}

public static class AgentMySqlClientRegistration
{
    /// <summary>Adds <see cref="AgentMySqlClient"/>, sharing what <c>AddClouds</c> registered for the agent client.</summary>
    public static IServiceCollection AddAgentMySqlClient(this IServiceCollection services)
    {
        services.TryAddSingleton(AgentMySqlClient.Create);
        return services;
    }
}

/// <summary>The mysql roles' names on the wire.</summary>
public static class AgentMySqlRoles
{
    public const string Master = "mysql-master";
    public const string Slave = "mysql-slave";
}

/// <summary>
/// Settings of <c>mysql-master</c>, sent with <c>ConfigureRoleAsync(agent, AgentMySqlRoles.Master, settings)</c>.
/// User names: 1–32 letters, digits, underscores, not <c>root</c>, different from each other. The admin
/// password: 1–256 characters, no control characters. The replication password: 8–32 of <c>[A-Za-z0-9._-]</c>
/// (the manager generates it). <paramref name="ServerId"/> null derives one from the node's address.
/// </summary>
public sealed record MySqlMasterRoleSettings(
    string AdminUser, string AdminPassword, string ReplicationUser, string ReplicationPassword, uint? ServerId = null, int Port = 3306,
    IReadOnlyList<string>? ReadReplicas = null, int ReadPort = 3307)
{
    // Keeps the passwords out of any log line or exception message that prints the settings.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"AdminUser = {AdminUser}, ReplicationUser = {ReplicationUser}, ServerId = {ServerId}, Port = {Port}, ")
            .Append($"ReadReplicas = [{string.Join(", ", ReadReplicas ?? [])}], ReadPort = {ReadPort}");
        return true;
    }
}

/// <summary>Settings of <c>mysql-slave</c>: the master's address and port, and the master's replication account.</summary>
public sealed record MySqlSlaveRoleSettings(
    string MasterAddress, string ReplicationUser, string ReplicationPassword, int MasterPort = 3306, uint? ServerId = null, int Port = 3306)
{
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"MasterAddress = {MasterAddress}, MasterPort = {MasterPort}, ReplicationUser = {ReplicationUser}, ServerId = {ServerId}, Port = {Port}");
        return true;
    }
}

/// <summary>
/// How loading a dump ended. On failure: the failing statement's <paramref name="StatementNumber"/> and the <paramref name="Line"/> where it starts, the
/// server's <paramref name="ErrorCode"/>, <paramref name="SqlState"/> and <paramref name="Message"/>, and the
/// start of the <paramref name="Statement"/>; every statement before it stays applied.
/// </summary>
public sealed record MySqlDumpLoadResult(
    bool Succeeded, long Bytes, int? Line = null, int? ErrorCode = null, string? SqlState = null, string? Message = null, string? Statement = null,
    int? StatementNumber = null);

/// <summary>Where a dump load is: bytes given to the server of the whole, and once finished, its <paramref name="Result"/>.</summary>
public sealed record MySqlDumpLoadStatus(string Id, bool Finished, long BytesLoaded, long BytesTotal, MySqlDumpLoadResult? Result);

/// <summary>
/// A replica's replication: <paramref name="IoState"/> is Yes, No or Connecting; <paramref name="SecondsBehindMaster"/>
/// is null while it does not replicate; <paramref name="GtidPosition"/> is the last transaction applied.
/// </summary>
public sealed record MySqlReplicaStatus(
    string MasterAddress, int MasterPort, bool IoRunning, bool SqlRunning, string IoState, long? SecondsBehindMaster, string GtidPosition, string? LastError);
