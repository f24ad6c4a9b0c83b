namespace ConPaaS.Agent.Roles.MySql;

public static class MySqlRoleRegistration
{
    /// <summary>The <c>mysql-master</c> and <c>mysql-slave</c> roles, their operations' helper and their JSON shapes.</summary>
    public static IServiceCollection AddMySqlRoles(this IServiceCollection services)
    {
        services.AddAgentRole<MySqlMasterRole>();
        services.AddAgentRole<MySqlSlaveRole>();
        services.AddSingleton<MySqlRoles>();
        services.AddSingleton<MySqlDumpLoads>();
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, MySqlJsonContext.Default));
        return services;
    }
}
