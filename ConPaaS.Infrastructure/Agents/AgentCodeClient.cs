using System.Net;
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
using Polly.Timeout;

namespace ConPaaS.Infrastructure.Agents;

/// <summary>
/// A node's code store (php and java services): upload a version as a ZIP, list, delete, see the active one.
/// A version is activated by configuring the roles with <c>activeVersion</c> (see <see cref="AgentPhpRoles"/>),
/// not here. It shares the agent client's connections (one mutual-TLS pool per node) and retry rules.
/// Register with <see cref="AgentCodeClientRegistration.AddAgentCodeClient"/> after <c>AddClouds</c>.
/// </summary>
public sealed class AgentCodeClient : AgentServiceClient
{
    internal AgentCodeClient(AgentConnections connections, AgentClientOptions options, ILogger logger)
        : base(connections, options, logger)
    {
    }

    /// <summary>Builds the client on the services <c>AddClouds</c> registered (the same connection pools).</summary>
    public static AgentCodeClient Create(IServiceProvider services) => new(
        services.GetRequiredService<AgentConnections>(),
        services.GetRequiredService<IOptions<AgentClientOptions>>().Value,
        services.GetRequiredService<ILogger<AgentCodeClient>>());

    public Task<AgentCodeVersionList> ListCodeVersionsAsync(AgentEndpoint agent, CancellationToken cancellationToken = default) =>
        SendJsonAsync<AgentCodeVersionList>(agent, HttpMethod.Get, AgentRoutes.Code, null, cancellationToken);

    /// <summary>The version the node's roles serve (its <c>current</c> link), or null before any role was configured.</summary>
    public async Task<string?> GetActiveCodeVersionAsync(AgentEndpoint agent, CancellationToken cancellationToken = default) =>
        (await ListCodeVersionsAsync(agent, cancellationToken)).Active;

    /// <summary>The version, or null when the node does not have it.</summary>
    public async Task<AgentCodeVersion?> FindCodeVersionAsync(AgentEndpoint agent, string version, CancellationToken cancellationToken = default)
    {
        try
        {
            return await SendJsonAsync<AgentCodeVersion>(agent, HttpMethod.Get, VersionPath(version), null, cancellationToken);
        }
        catch (AgentCallFailedException exception) when (exception.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// Uploads a ZIP archive as <paramref name="version"/> (<c>code-…</c> or a short commit id), unpacked by the
    /// agent into its own folder. A version that the node has already is kept as it is, so a retried upload is
    /// harmless; delete a version to replace it. <paramref name="openArchive"/> is called for every attempt
    /// (a retry needs the archive from its start); attempts are retried only when they never reached the
    /// agent, and may take as long as a startup script may.
    /// </summary>
    /// <exception cref="AgentCallFailedException">400 for a damaged or unsafe archive (absolute paths, '..', links out), with the reason.</exception>
    public async Task<AgentCodeVersion> UploadCodeAsync(
        AgentEndpoint agent, string version, Func<Stream> openArchive, CancellationToken cancellationToken = default)
    {
        var path = VersionPath(version);
        var connection = Connections.For(agent.NodeId);
        return await CallAsync(agent, HttpMethod.Put, path, connection, async () =>
        {
            using var response = await Resilience.AtMostOnce.ExecuteAsync(async token =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(agent.BaseUri, path))
                {
                    Content = new StreamContent(openArchive(), 128 * 1024),
                };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
                return await connection.Http.SendAsync(request, token);
            }, cancellationToken);
            return await ReadJsonAsync<AgentCodeVersion>(agent, HttpMethod.Put, path, response, cancellationToken);
        });
    }

    /// <inheritdoc cref="UploadCodeAsync(AgentEndpoint, string, Func{Stream}, CancellationToken)"/>
    public Task<AgentCodeVersion> UploadCodeFileAsync(AgentEndpoint agent, string version, string zipPath, CancellationToken cancellationToken = default) =>
        UploadCodeAsync(agent, version, () => File.OpenRead(zipPath), cancellationToken);

    /// <summary>Deletes a version; one the node does not have is not an error. 409 for the active version.</summary>
    public Task<AgentCodeVersionList> DeleteCodeVersionAsync(AgentEndpoint agent, string version, CancellationToken cancellationToken = default) =>
        SendJsonAsync<AgentCodeVersionList>(agent, HttpMethod.Delete, VersionPath(version), null, cancellationToken);

    private static string VersionPath(string version) => AgentRoutes.CodeVersion.Replace("{version}", Uri.EscapeDataString(version));
}

public static class AgentCodeClientRegistration
{
    /// <summary>Adds <see cref="AgentCodeClient"/>, sharing what <c>AddClouds</c> registered for the agent client.</summary>
    public static IServiceCollection AddAgentCodeClient(this IServiceCollection services)
    {
        services.TryAddSingleton(AgentCodeClient.Create);
        return services;
    }
}

/// <summary>One code version unpacked on a node.</summary>
public sealed record AgentCodeVersion(string Version, DateTimeOffset UnpackedAt, bool Active);

/// <summary>A node's code versions and the active one (null until a role was configured with one).</summary>
public sealed record AgentCodeVersionList(string? Active, IReadOnlyList<AgentCodeVersion> Versions);

/// <summary>
/// The php roles' names on the wire and their ports on their node's address. One node may carry all three
/// (proxy on 80, web on 8080, backend on 9000).
/// </summary>
public static class AgentPhpRoles
{
    public const string Proxy = "php-proxy";
    public const string Web = "php-web";
    public const string Backend = "php-backend";

    public const int ProxyPort = 80;
    public const int WebPort = 8080;
    public const int BackendPort = 9000;

    /// <summary>The welcome page every node has without an upload.</summary>
    public const string DefaultVersion = "code-default";
}

/// <summary>
/// Settings of <c>php-proxy</c>: the web servers to balance over, each <c>host:port</c> (<c>10.0.0.7:8080</c>);
/// an empty list answers 503. A changed list is applied with nginx's graceful reload.
/// </summary>
public sealed record PhpProxyRoleSettings(IReadOnlyList<string> WebServers, int? Port = null);

/// <summary>
/// Settings of <c>php-web</c>: the code version whose static files it serves (it must be uploaded to this node
/// first; null means <c>code-default</c>) and the backends for <c>.php</c>, each <c>host:port</c>. A new version
/// or list is applied with nginx's graceful reload.
/// </summary>
public sealed record PhpWebRoleSettings(string? ActiveVersion, IReadOnlyList<string> Backends, int? Port = null);

/// <summary>
/// Settings of <c>php-backend</c>: the code version it runs (uploaded to this node first; null means
/// <c>code-default</c>), environment variables for the application (no single quotes or line breaks in
/// values), the PHP session folder (give every backend the same folder, shared, so sessions survive landing on
/// another backend), and the addresses allowed to connect besides loopback (the web nodes, on a real cloud).
/// A new version is applied with php-fpm's graceful reload.
/// </summary>
public sealed record PhpBackendRoleSettings(
    string? ActiveVersion,
    IReadOnlyDictionary<string, string>? Environment = null,
    string? SessionDirectory = null,
    IReadOnlyList<string>? AllowedClients = null,
    int? Port = null)
{
    // Environment values may be passwords: keep them out of any log line that prints the settings.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"ActiveVersion = {ActiveVersion}, Environment = [{string.Join(", ", Environment?.Keys ?? [])}], ")
            .Append($"SessionDirectory = {SessionDirectory}, AllowedClients = [{string.Join(", ", AllowedClients ?? [])}], Port = {Port}");
        return true;
    }
}
