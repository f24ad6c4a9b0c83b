using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ConPaaS.Infrastructure.Credits;

public static class CreditsExtensions
{
    /// <summary>Credit accounts, the hourly charger and the out-of-credit stops (<c>ConPaaS:Credits</c>).</summary>
    public static IHostApplicationBuilder AddCredits(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CreditOptions>().Bind(builder.Configuration.GetSection(CreditOptions.Section));
        builder.Services.AddSingleton<IInstancePrices, CloudPrices>();
        builder.Services.AddSingleton<CreditCharger>();
        builder.Services.AddScoped<CreditCommands>();
        builder.Services.AddScoped<CreditEnforcer>();
        builder.Services.AddHostedService<CreditChargerService>();
        return builder;
    }
}
