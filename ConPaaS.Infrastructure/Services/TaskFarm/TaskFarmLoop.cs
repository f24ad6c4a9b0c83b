using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ConPaaS.Infrastructure.Services.TaskFarm;

/// <summary>
/// Steps every farm once a second, or sooner when a farm asks for it. A step is idempotent and starts from the files, so this loop needs no
/// state of its own and a portal restart simply carries on.
/// </summary>
public sealed class TaskFarmLoop(IServiceProvider services, FarmStore store, ILogger<TaskFarmLoop> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var engine = services.GetRequiredService<TaskFarmEngine>();
        try
        {
            await StepAllAsync(engine, stoppingToken);
        }
        finally
        {
            // Worker starts run in the background: none may outlive the portal (the next one resumes them from the records).
            await services.GetRequiredService<FarmWorkers>().StopAsync();
        }
    }

    private async Task StepAllAsync(TaskFarmEngine engine, CancellationToken stoppingToken)
    {
        var round = System.Diagnostics.Stopwatch.StartNew();
        var next = Interval;
        while (true)
        {
            // The wait counts from the start of the previous round, as a timer's period would.
            var left = next - round.Elapsed;
            await Task.Delay(left > TimeSpan.Zero ? left : TimeSpan.Zero, stoppingToken);
            round.Restart();
            next = Interval;
            foreach (var farm in store.Farms())
            {
                try
                {
                    var wanted = await engine.StepAsync(farm, stoppingToken);
                    if (wanted < next)
                        next = wanted;
                }
                // Anything but the portal's stop, a timeout's cancellation included: one farm's failing step must
                // neither end the loop for every farm nor, as an unhandled error of a hosted service, stop the portal.
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogError(exception, "Task farm of service {ServiceId}: a step failed; the next one retries", farm);
                }
            }
        }
    }
}
