using System.Net;

namespace ConPaaS.Infrastructure.Agents;

/// <summary>
/// The agent was reached but the call failed: the TLS handshake was refused (either side did not accept the
/// other's certificate; see <see cref="IdentityRejected"/>), or the agent answered with an error status.
/// Retrying the same call will not help.
/// </summary>
public sealed class AgentCallFailedException(
    string nodeId, string message, HttpStatusCode? statusCode = null, bool identityRejected = false, Exception? inner = null)
    : AgentException(nodeId, message, inner)
{
    /// <summary>The agent's answer, or null when no answer came (a refused handshake).</summary>
    public HttpStatusCode? StatusCode { get; } = statusCode;

    /// <summary>True when the portal refused the agent's certificate: it does not prove to be the node expected.</summary>
    public bool IdentityRejected { get; } = identityRejected;
}
