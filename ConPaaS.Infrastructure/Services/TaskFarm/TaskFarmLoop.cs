using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ConPaaS.Infrastructure.Services.TaskFarm;

/// <summary>
/// Steps every farm once a second. A step is idempotent and starts from the files, so this loop needs no
/// state of its own and a portal restart simply carries on.
/// </summary>
public sealed class TaskFarmLoop(IServiceProvider services, FarmStore store, ILogger<TaskFarmLoop> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var engine = services.GetRequiredService<TaskFarmEngine>();
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var farm in store.Farms())
            {
                try
                {
                    await engine.StepAsync(farm, stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    logger.LogError(exception, "Task farm of service {ServiceId}: a step failed; the next one retries", farm);
                }
            }
        }
    }
}
