namespace ConPaaS.Agent.Roles.Php;

/// <summary>
/// <c>php-proxy</c>: the web servers to balance over, each <c>host:port</c> (e.g. <c>10.0.0.7:8080</c>); an
/// empty list answers 503. <see cref="Port"/> defaults to <see cref="PhpRoleNames.ProxyPort"/>.
/// </summary>
internal sealed record PhpProxySettings(IReadOnlyList<string>? WebServers = null, int? Port = null);
