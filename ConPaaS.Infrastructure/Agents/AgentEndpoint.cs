namespace ConPaaS.Infrastructure.Agents;

/// <summary>Where a node's agent answers, and which node it must prove to be.</summary>
public sealed record AgentEndpoint(string NodeId, string Address, int Port)
{
    public Uri BaseUri => new UriBuilder(Uri.UriSchemeHttps, Address, Port).Uri;
}
