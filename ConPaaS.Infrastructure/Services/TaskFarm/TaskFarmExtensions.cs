using ConPaaS.Infrastructure.Agents;
using ConPaaS.Infrastructure.Managers;
using Microsoft.Extensions.DependencyInjection;

namespace ConPaaS.Infrastructure.Services.TaskFarm;

public static class TaskFarmExtensions
{
    /// <summary>The taskfarm type: its manager, the worker client, the engine and its loop, the commands.</summary>
    public static IServiceCollection AddTaskFarm(this IServiceCollection services)
    {
        services.AddAgentTaskFarmClient();
        services.AddSingleton<FarmTypes>();
        services.AddSingleton<TaskFarmManager>();
        services.AddSingleton<ServiceManager>(provider => provider.GetRequiredService<TaskFarmManager>());
        services.AddSingleton<FarmStore>();
        services.AddSingleton<FarmLocks>();
        services.AddSingleton<FarmOutputs>();
        services.AddSingleton<FarmWorkers>();
        services.AddSingleton<TaskFarmEngine>();
        services.AddScoped<TaskFarmCommands>();
        services.AddHostedService<TaskFarmLoop>();
        return services;
    }
}
