using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Authentication;
using ConPaaS.Infrastructure.Certificates;
using Microsoft.Extensions.Options;

namespace ConPaaS.Infrastructure.Agents;

/// <summary>
/// One connection pool per node: the check of the agent's certificate depends on which node is expected, so
/// nodes cannot share a handler. Idle connections close after a short while; a handler is small.
/// </summary>
internal sealed class AgentConnections(CertificateAuthority authority, PortalClientCertificate portalCertificate, IOptions<AgentClientOptions> options)
    : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<AgentConnection>> _connections = new();

    public AgentConnection For(string nodeId) =>
        _connections.GetOrAdd(nodeId, id => new Lazy<AgentConnection>(() => Create(id))).Value;

    private AgentConnection Create(string nodeId)
    {
        var validator = new AgentCertificateValidator(authority.Certificate, nodeId);
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.Value.ConnectTimeout,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            SslOptions = new SslClientAuthenticationOptions
            {
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                // Always present the manager certificate, whatever CA names the agent's handshake suggests.
                LocalCertificateSelectionCallback = (_, _, _, _, _) => portalCertificate.Current,
                RemoteCertificateValidationCallback = validator.Validate,
            },
        };
        // Polly owns the timeouts; the HttpClient's own would cut across them.
        var http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        return new AgentConnection(http, validator);
    }

    public void Dispose()
    {
        foreach (var connection in _connections.Values.Where(lazy => lazy.IsValueCreated))
            connection.Value.Http.Dispose();
    }
}

internal sealed record AgentConnection(HttpClient Http, AgentCertificateValidator Validator);
