using System.Net;

namespace ConPaaS.Agent.Roles.Php;

/// <summary>A role's server configuration, where it listens, and the code version it serves (null for the proxy).</summary>
internal sealed record RenderedServerConfig(string Text, IPEndPoint Endpoint, string? Version);
