using System.Text.Json;
using Polly.Timeout;

namespace ConPaaS.Infrastructure.Agents;

/// <summary>
/// The one translation of transport failures into the agent client's exceptions, shared by every client of a
/// node's agent (core, code, mysql, …), so that "unreachable" and "refused" mean the same everywhere.
/// </summary>
internal static class AgentCallErrors
{
    public static async Task<T> TranslateAsync<T>(AgentEndpoint agent, HttpMethod method, string path, AgentConnection connection, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (HttpRequestException exception) when (exception.HttpRequestError == HttpRequestError.SecureConnectionError)
        {
            var rejection = connection.Validator.LastRejection;
            throw rejection is null
                ? new AgentCallFailedException(agent.NodeId, $"The TLS handshake with node {agent.NodeId} at {agent.Address}:{agent.Port} failed; the agent may have refused the portal's certificate.", inner: exception)
                : new AgentCallFailedException(agent.NodeId, $"The portal refused the agent at {agent.Address}:{agent.Port}: {rejection}.", identityRejected: true, inner: exception);
        }
        catch (HttpRequestException exception)
        {
            throw new AgentUnreachableException(agent.NodeId, $"Node {agent.NodeId} at {agent.Address}:{agent.Port} is unreachable: {exception.Message}", exception);
        }
        catch (TimeoutRejectedException exception)
        {
            throw new AgentUnreachableException(agent.NodeId, $"Node {agent.NodeId} at {agent.Address}:{agent.Port} did not answer {method} {path} in time.", exception);
        }
        catch (JsonException exception)
        {
            throw new AgentCallFailedException(agent.NodeId, $"Node {agent.NodeId} sent an answer to {method} {path} that is not understood.", inner: exception);
        }
    }
}
