namespace ConPaaS.Agent.Roles.Php;

/// <summary>
/// <c>php-backend</c>: the code version it runs (default <c>code-default</c>); environment variables for the
/// application (<c>MYSQL_HOST</c>, …); the folder for PHP sessions (default: the role's own folder; give every
/// backend the same shared folder so a session survives landing on another backend); the addresses besides
/// loopback allowed to connect (the web nodes' addresses on a real cloud); and <see cref="Port"/>, default
/// <see cref="PhpRoleNames.BackendPort"/>.
/// </summary>
internal sealed record PhpBackendSettings(
    string? ActiveVersion = null,
    IReadOnlyDictionary<string, string>? Environment = null,
    string? SessionDirectory = null,
    IReadOnlyList<string>? AllowedClients = null,
    int? Port = null);
