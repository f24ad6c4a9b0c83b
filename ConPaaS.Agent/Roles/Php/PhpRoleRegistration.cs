namespace ConPaaS.Agent.Roles.Php;

public static class PhpRoleRegistration
{
    /// <summary>The php service's roles: <c>php-proxy</c>, <c>php-web</c>, <c>php-backend</c> (they need the code store).</summary>
    public static IServiceCollection AddPhpRoles(this IServiceCollection services) =>
        services
            .AddAgentRole<PhpProxyRole>()
            .AddAgentRole<PhpWebRole>()
            .AddAgentRole<PhpBackendRole>();
}
