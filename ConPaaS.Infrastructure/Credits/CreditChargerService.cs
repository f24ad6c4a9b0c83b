using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConPaaS.Infrastructure.Credits;

/// <summary>Runs the charger every <see cref="CreditOptions.ChargeInterval"/> and stops what it names.</summary>
internal sealed class CreditChargerService(
    CreditCharger charger,
    IServiceScopeFactory scopes,
    TimeProvider clock,
    IOptions<CreditOptions> options,
    ILogger<CreditChargerService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ChargeInterval, clock);
        do
        {
            try
            {
                var round = await charger.RunAsync(stoppingToken);
                if (round.StopsDue.Count > 0)
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<CreditEnforcer>().StopAsync(round.StopsDue, stoppingToken);
                }
            }
            catch (Exception failure) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(failure, "Credit charging round failed; the next round catches up");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
