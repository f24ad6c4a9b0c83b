using ConPaaS.Infrastructure.Accounts;
using ConPaaS.Infrastructure.Applications;
using ConPaaS.Infrastructure.Events;
using ConPaaS.Infrastructure.Options;
using ConPaaS.Infrastructure.Services;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ConPaaS.Infrastructure;

public static class InfrastructureExtensions
{
    /// <summary>The installation's options and the command handlers that the UI, the API and the CLI share.</summary>
    public static IHostApplicationBuilder AddCommands(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ConPaaSOptions>().Bind(builder.Configuration.GetSection(ConPaaSOptions.Section));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<PortalEvents>();
        builder.Services.AddSingleton<Concurrency.UploadSlots>();
        builder.Services.AddScoped<ApplicationCommands>();
        builder.Services.AddScoped<ServiceCommands>();
        builder.Services.AddScoped<TokenService>();
        builder.Services.AddScoped<PasswordCheck>();
        builder.Services.AddSingleton<LoginFailures>();
        builder.Services.AddScoped<UserAdministration>();
        builder.Services.AddScoped<FirstAdminSeeder>();
        builder.Services.AddSingleton<Catalog.CloudCatalog>();
        builder.Services.AddSingleton<Clouds.Stored.StoredCloudSecrets>();
        builder.Services.AddSingleton<Clouds.Stored.IStoredCloudSource, Clouds.Stored.StoredCloudSource>();
        builder.Services.AddScoped<Clouds.Stored.CloudAdministration>();
        builder.Services.AddHostedService<Clouds.CloudSanityService>();
        return builder;
    }
}
