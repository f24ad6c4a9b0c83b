using ConPaaS.Domain.Contracts;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ConPaaS.Agent.Roles.TaskFarm;

public static class TaskFarmWorkerRegistration
{
    /// <summary>The <c>taskfarm-worker</c> role (also as itself, for its endpoints) and its JSON shapes.</summary>
    public static IServiceCollection AddTaskFarmWorkerRole(this IServiceCollection services)
    {
        services.AddAgentRole<TaskFarmWorkerRole>();
        services.AddSingleton(provider => provider.GetServices<IAgentRole>().OfType<TaskFarmWorkerRole>().Single());
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, TaskFarmJsonContext.Default));
        return services;
    }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(WorkerRoleSettings))]
[JsonSerializable(typeof(WorkerSubmitRequest))]
[JsonSerializable(typeof(WorkerResults))]
internal sealed partial class TaskFarmJsonContext : JsonSerializerContext;
