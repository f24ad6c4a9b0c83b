namespace ConPaaS.Agent.Roles.Php;

/// <summary>
/// <c>php-web</c>: the code version whose static files it serves (default <c>code-default</c>), and the php-fpm
/// backends that run its <c>.php</c> files, each <c>host:port</c>; an empty list answers 503 for PHP.
/// <see cref="Port"/> defaults to <see cref="PhpRoleNames.WebPort"/>.
/// </summary>
internal sealed record PhpWebSettings(string? ActiveVersion = null, IReadOnlyList<string>? Backends = null, int? Port = null);
