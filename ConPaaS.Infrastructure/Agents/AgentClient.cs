using System.Net.Http.Json;
using System.Text.Json;
using ConPaaS.Domain.Agents;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;

namespace ConPaaS.Infrastructure.Agents;

/// <inheritdoc cref="IAgentClient"/>
internal sealed class AgentClient(AgentConnections connections, IOptions<AgentClientOptions> options, TimeProvider time, ILogger<AgentClient> logger)
    : IAgentClient
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private readonly AgentResilience _resilience = new(options.Value, logger);

    public Task<AgentStatus> GetStatusAsync(AgentEndpoint agent, CancellationToken cancellationToken = default) =>
        SendAsync<AgentStatus>(agent, HttpMethod.Get, AgentRoutes.Status, null, _resilience.Idempotent, cancellationToken);

    public async Task<AgentStatus> WaitUntilReadyAsync(AgentEndpoint agent, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = time.GetUtcNow() + timeout;
        while (true)
        {
            try
            {
                return await GetStatusAsync(agent, cancellationToken);
            }
            catch (AgentUnreachableException) when (time.GetUtcNow() < deadline)
            {
                await Task.Delay(options.Value.ReadyPollInterval, time, cancellationToken);
            }
        }
    }

    public Task<IReadOnlyList<RoleStatus>> ListRolesAsync(AgentEndpoint agent, CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<RoleStatus>>(agent, HttpMethod.Get, AgentRoutes.Roles, null, _resilience.Idempotent, cancellationToken);

    public Task<RoleStatus> GetRoleAsync(AgentEndpoint agent, string role, CancellationToken cancellationToken = default) =>
        SendAsync<RoleStatus>(agent, HttpMethod.Get, RolePath(AgentRoutes.Role, role), null, _resilience.Idempotent, cancellationToken);

    public Task<RoleStatus> ConfigureRoleAsync(AgentEndpoint agent, string role, JsonElement settings, CancellationToken cancellationToken = default) =>
        SendAsync<RoleStatus>(agent, HttpMethod.Post, RolePath(AgentRoutes.ConfigureRole, role), settings, _resilience.Idempotent, cancellationToken);

    public Task<RoleStatus> StartRoleAsync(AgentEndpoint agent, string role, CancellationToken cancellationToken = default) =>
        SendAsync<RoleStatus>(agent, HttpMethod.Post, RolePath(AgentRoutes.StartRole, role), null, _resilience.Idempotent, cancellationToken);

    public Task<RoleStatus> StopRoleAsync(AgentEndpoint agent, string role, CancellationToken cancellationToken = default) =>
        SendAsync<RoleStatus>(agent, HttpMethod.Post, RolePath(AgentRoutes.StopRole, role), null, _resilience.Idempotent, cancellationToken);

    public Task<IReadOnlyList<AgentLogFile>> ListLogsAsync(AgentEndpoint agent, CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<AgentLogFile>>(agent, HttpMethod.Get, AgentRoutes.Logs, null, _resilience.Idempotent, cancellationToken);

    public Task<AgentLogContent> ReadLogTailAsync(AgentEndpoint agent, string fileName, int lines, CancellationToken cancellationToken = default) =>
        SendAsync<AgentLogContent>(agent, HttpMethod.Get, $"{LogPath(fileName)}?tail={lines}", null, _resilience.Idempotent, cancellationToken);

    public Task<AgentLogContent> ReadLogAsync(AgentEndpoint agent, string fileName, long offset, long length, CancellationToken cancellationToken = default) =>
        SendAsync<AgentLogContent>(agent, HttpMethod.Get, $"{LogPath(fileName)}?offset={offset}&length={length}", null, _resilience.Idempotent, cancellationToken);

    public Task<StartupScriptResult> RunStartupScriptAsync(AgentEndpoint agent, string? script = null, CancellationToken cancellationToken = default) =>
        SendAsync<StartupScriptResult>(agent, HttpMethod.Post, AgentRoutes.StartupScript, new StartupScriptRequest(script), _resilience.AtMostOnce, cancellationToken);

    private async Task<T> SendAsync<T>(
        AgentEndpoint agent, HttpMethod method, string pathAndQuery, object? body,
        ResiliencePipeline<HttpResponseMessage> pipeline, CancellationToken cancellationToken)
    {
        var connection = connections.For(agent.NodeId);
        var uri = new Uri(agent.BaseUri, pathAndQuery);
        return await AgentCallErrors.TranslateAsync(agent, method, pathAndQuery, connection, async () =>
        {
            using var response = await pipeline.ExecuteAsync(async token =>
            {
                using var request = new HttpRequestMessage(method, uri);
                if (body is not null)
                    request.Content = JsonContent.Create(body, body.GetType(), options: Web);
                return await connection.Http.SendAsync(request, token);
            }, cancellationToken);

            if (!response.IsSuccessStatusCode)
                throw new AgentCallFailedException(agent.NodeId, await DescribeFailureAsync(agent, method, pathAndQuery, response, cancellationToken), response.StatusCode);
            return await response.Content.ReadFromJsonAsync<T>(Web, cancellationToken)
                ?? throw new AgentCallFailedException(agent.NodeId, $"Node {agent.NodeId} sent an empty answer to {method} {pathAndQuery}.", response.StatusCode);
        });
    }

    private static async Task<string> DescribeFailureAsync(
        AgentEndpoint agent, HttpMethod method, string pathAndQuery, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string? detail = null;
        try
        {
            if (response.Content.Headers.ContentType?.MediaType is "application/problem+json" or "application/json")
                detail = (await response.Content.ReadFromJsonAsync<ProblemDetails>(Web, cancellationToken))?.Detail;
        }
        catch (JsonException)
        {
            // An unreadable error body still leaves the status code to report.
        }
        return $"Node {agent.NodeId} answered {method} {pathAndQuery} with {(int)response.StatusCode} {response.ReasonPhrase}"
            + (detail is null ? "." : $": {detail}");
    }

    private static string RolePath(string template, string role) => template.Replace("{name}", Uri.EscapeDataString(role));

    private static string LogPath(string fileName) => AgentRoutes.Log.Replace("{name}", Uri.EscapeDataString(fileName));
}
