using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace ConPaaS.Infrastructure.Agents;

/// <summary>
/// What every service type's own agent client (code, mysql, taskfarm, …) shares with the core client: the
/// mutual-TLS connection per node, the retry rules, and one way to send JSON and read answers and refusals.
/// </summary>
public abstract class AgentServiceClient
{
    private protected static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private protected AgentServiceClient(AgentConnections connections, AgentClientOptions options, ILogger logger)
    {
        Connections = connections;
        Resilience = new AgentResilience(options, logger);
    }

    private protected AgentConnections Connections { get; }

    private protected AgentResilience Resilience { get; }

    /// <summary>An idempotent JSON call (retried like a read); <paramref name="body"/> may be null.</summary>
    private protected Task<T> SendJsonAsync<T>(AgentEndpoint agent, HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        var connection = Connections.For(agent.NodeId);
        return CallAsync(agent, method, path, connection, async () =>
        {
            using var response = await Resilience.Idempotent.ExecuteAsync(async token =>
            {
                using var request = new HttpRequestMessage(method, new Uri(agent.BaseUri, path));
                if (body is not null)
                    request.Content = JsonContent.Create(body, body.GetType(), options: Web);
                return await connection.Http.SendAsync(request, token);
            }, cancellationToken);
            return await ReadJsonAsync<T>(agent, method, path, response, cancellationToken);
        });
    }

    private protected static Task<T> CallAsync<T>(AgentEndpoint agent, HttpMethod method, string path, AgentConnection connection, Func<Task<T>> call) =>
        AgentCallErrors.TranslateAsync(agent, method, path, connection, call);

    private protected static async Task<T> ReadJsonAsync<T>(
        AgentEndpoint agent, HttpMethod method, string path, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await EnsureSuccessAsync(agent, method, path, response, cancellationToken);
        return await response.Content.ReadFromJsonAsync<T>(Web, cancellationToken)
            ?? throw new AgentCallFailedException(agent.NodeId, $"Node {agent.NodeId} sent an empty answer to {method} {path}.", response.StatusCode);
    }

    /// <summary>A refusal becomes an exception carrying the agent's own problem detail, when it sent one.</summary>
    private protected static async Task EnsureSuccessAsync(
        AgentEndpoint agent, HttpMethod method, string path, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
            return;
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
        throw new AgentCallFailedException(agent.NodeId,
            $"Node {agent.NodeId} answered {method} {path} with {(int)response.StatusCode} {response.ReasonPhrase}" + (detail is null ? "." : $": {detail}"),
            response.StatusCode);
    }
}
