using ConPaaS.Infrastructure.Services.Php;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace ConPaaS.Infrastructure.Code;

public static class CodeVersionsExtensions
{
    /// <summary>
    /// The services' git repositories and their versions. A push listener registered before this call (the php
    /// manager's) replaces the default one, which does nothing.
    /// </summary>
    public static IHostApplicationBuilder AddCodeVersions(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CodeRepositories>();
        builder.Services.AddScoped<CodeCommands>();
        builder.Services.TryAddSingleton<IVersionArchives, VersionArchives>();
        builder.Services.TryAddSingleton<ICodePushListener, NoCodePushListener>();
        return builder;
    }
}
