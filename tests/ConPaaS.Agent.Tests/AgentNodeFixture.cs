using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using ConPaaS.Domain.Agents;
using ConPaaS.Infrastructure.Clouds;
using ConPaaS.Infrastructure.Tests.Clouds;

namespace ConPaaS.Agent.Tests;

/// <summary>One real agent process shared by a test class, and raw HTTPS clients that present any certificate.</summary>
public sealed class AgentNodeFixture : IAsyncLifetime
{
    public LocalCloudSandbox Sandbox { get; } = new();

    public CloudNode Node { get; private set; } = null!;

    public async Task InitializeAsync() => Node = await Sandbox.CreateNodeAsync("agent-under-test");

    public async Task DisposeAsync() => await Sandbox.DisposeAsync();

    /// <summary>
    /// A client that presents <paramref name="clientCertificate"/> (or nothing) and accepts the agent's
    /// certificate unchecked: these tests judge the agent's side of the handshake, not the portal's.
    /// </summary>
    public HttpClient RawClient(X509Certificate2? clientCertificate) =>
        new(new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCertificate!,
                RemoteCertificateValidationCallback = (_, _, _, _) => true,
            },
        })
        {
            BaseAddress = Node.Agent.BaseUri,
            Timeout = TimeSpan.FromSeconds(10),
        };

    /// <summary>The status code of GET /status, or null when the connection was refused.</summary>
    public async Task<int?> StatusCodeWith(X509Certificate2? clientCertificate)
    {
        using var client = RawClient(clientCertificate);
        try
        {
            using var response = await client.GetAsync(AgentRoutes.Status);
            return (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
