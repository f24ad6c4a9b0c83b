using ConPaaS.Infrastructure.Agents;
using ConPaaS.Infrastructure.Certificates;
using ConPaaS.Infrastructure.Clouds.Vm;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ConPaaS.Infrastructure.Clouds;

public static class CloudRegistration
{
    public const string CloudsSection = "ConPaaS:Clouds";
    public const string DataDirectoryKey = "ConPaaS:DataDirectory";
    public const string PublicUrlKey = "ConPaaS:PublicUrl";

    /// <summary>
    /// Registers the clouds (<see cref="CloudRegistry"/>), the certificate authority, and the agent client
    /// (<see cref="IAgentClient"/>), from <c>ConPaaS:DataDirectory</c> (default <c>data</c>, relative to the
    /// directory the portal was started in, as every other part resolves it), <c>ConPaaS:Clouds</c> and
    /// <c>ConPaaS:Agents</c>. The caller registers Data Protection
    /// (<c>AddDataProtection()</c>), which keeps the CA's private key encrypted at rest.
    /// </summary>
    public static IHostApplicationBuilder AddClouds(this IHostApplicationBuilder builder)
    {
        // Not the content root (the build output folder): a rebuild or `dotnet clean` must never take the CA or the nodes.
        var dataDirectory = new Options.ConPaaSOptions { DataDirectory = builder.Configuration[DataDirectoryKey] ?? "data" }.ResolveDataDirectory();
        builder.Services.AddClouds(builder.Configuration, dataDirectory);
        return builder;
    }

    /// <inheritdoc cref="AddClouds(IHostApplicationBuilder)"/>
    public static IServiceCollection AddClouds(this IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        dataDirectory = Path.GetFullPath(dataDirectory);
        services.AddOptions<CloudsOptions>().Configure(options =>
        {
            options.DataDirectory = dataDirectory;
            options.PublicUrl = configuration[PublicUrlKey] ?? "";
            configuration.GetSection(CloudsSection).Bind(options.Clouds);
        });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<CloudsOptions>, CloudsOptionsSetup>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CloudsOptions>, CloudsOptionsSetup>());
        services.AddOptions<AgentClientOptions>().Bind(configuration.GetSection(AgentClientOptions.SectionName));

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => new CertificateAuthority(
            dataDirectory, provider.GetRequiredService<IDataProtectionProvider>(), provider.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<PortalClientCertificate>();
        services.TryAddSingleton<AgentConnections>();
        services.TryAddSingleton<IAgentClient, AgentClient>();
        services.TryAddSingleton<NodeBootstrapFactory>();
        services.TryAddSingleton(_ => new AgentPackage(Path.Combine(AppContext.BaseDirectory, "agent"), Path.Combine(dataDirectory, "agent-package")));
        services.TryAddSingleton<CloudRegistry>();
        services.TryAddSingleton<CloudSanityCheck>();
        return services;
    }
}
