namespace ConPaaS.Agent.Roles.Php;

/// <summary>The php service's roles on the wire, and the ports they take on their node's address.</summary>
public static class PhpRoleNames
{
    public const string Proxy = "php-proxy";
    public const string Web = "php-web";
    public const string Backend = "php-backend";

    /// <summary>The service's public entry.</summary>
    public const int ProxyPort = 80;

    /// <summary>Distinct from the proxy's, so that one node can carry all three roles.</summary>
    public const int WebPort = 8080;

    public const int BackendPort = 9000;
}
