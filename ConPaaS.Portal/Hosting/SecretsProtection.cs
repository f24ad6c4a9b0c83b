using ConPaaS.Infrastructure.Options;
using Microsoft.AspNetCore.DataProtection;

namespace ConPaaS.Portal.Hosting;

internal static class SecretsProtection
{
    /// <summary>
    /// ASP.NET Data Protection with its key ring in the data folder: it encrypts the CA's private key and other
    /// secrets at rest, and keeps login cookies valid across restarts.
    /// </summary>
    public static WebApplicationBuilder AddSecretsProtection(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(ConPaaSOptions.Section).Get<ConPaaSOptions>() ?? new ConPaaSOptions();
        builder.Services.AddDataProtection()
            .SetApplicationName("ConPaaS")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(options.ResolveDataDirectory(), "keys")));
        return builder;
    }
}
