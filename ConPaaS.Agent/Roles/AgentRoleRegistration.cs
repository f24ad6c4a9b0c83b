using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ConPaaS.Agent.Roles;

public static class AgentRoleRegistration
{
    /// <summary>Makes a role available on every node; the manager decides which nodes configure it.</summary>
    public static IServiceCollection AddAgentRole<TRole>(this IServiceCollection services)
        where TRole : class, IAgentRole
    {
        services.TryAddSingleton<RoleRegistry>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAgentRole, TRole>());
        return services;
    }
}
