using ConPaaS.Infrastructure.Agents;
using ConPaaS.Infrastructure.Clouds;
using ConPaaS.Infrastructure.Services;
using ConPaaS.Infrastructure.Services.Php;
using ConPaaS.Infrastructure.Managers;
using ConPaaS.Infrastructure.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ConPaaS.Infrastructure.Operations;

public static class OperationsExtensions
{
    /// <summary>Clouds, managers, the operation runner, the start-up reconciler and the node health monitor.</summary>
    public static IHostApplicationBuilder AddNodeMachinery(this IHostApplicationBuilder builder)
    {
        builder.AddClouds();
        builder.Services.AddAgentCodeClient();
        builder.Services.AddSingleton<ServiceManager, SelfTestManager>();
        builder.Services.AddSingleton<ServiceManager, PhpManager>();
        builder.Services.AddSingleton<Code.ICodePushListener, DeployOnPush>();
        builder.Services.AddAgentMySqlClient();
        builder.Services.AddSingleton<ServiceSecrets>();
        builder.Services.AddSingleton<Services.MySql.MySqlDumpUploads>();
        builder.Services.AddSingleton<Services.MySql.MySqlDumpLoading>();
        builder.Services.AddSingleton<Services.MySql.MySqlSnapshots>();
        builder.Services.AddSingleton<ServiceManager, Services.MySql.MySqlManager>();
        builder.Services.AddScoped<Services.MySql.MySqlCommands>();
        Services.TaskFarm.TaskFarmExtensions.AddTaskFarm(builder.Services);
        builder.Services.AddSingleton<ApplicationEnvironment>();
        builder.Services.AddSingleton<ManagerRegistry>();
        builder.Services.AddSingleton<OperationLocks>();
        builder.Services.AddSingleton<IOperationQueue, HangfireOperationQueue>();
        builder.Services.AddTransient<OperationRunner>();
        builder.Services.AddScoped<LifecycleCommands>();
        builder.Services.AddScoped<NodeLogs>();
        builder.Services.AddOptions<HealthOptions>().Bind(builder.Configuration.GetSection("ConPaaS:Health"));
        builder.Services.AddHostedService<OperationReconciler>();
        builder.Services.AddHostedService<NodeHealthMonitor>();
        return builder;
    }
}
