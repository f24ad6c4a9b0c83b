using ConPaaS.Infrastructure.Options;
using Microsoft.AspNetCore.DataProtection;

namespace ConPaaS.Portal.Hosting;

internal static class SecretsProtection
{
    /// <summary>
    /// ASP.NET Data Protection with its key ring in the data folder, each key encrypted with a certificate kept
    /// outside it (<see cref="KeyRingCertificate"/>): it encrypts the CA's private key and other secrets at rest,
    /// and keeps login cookies valid across restarts.
    /// </summary>
    public static WebApplicationBuilder AddSecretsProtection(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(ConPaaSOptions.Section).Get<ConPaaSOptions>() ?? new ConPaaSOptions();
        var data = options.ResolveDataDirectory();
        var keys = Path.Combine(data, "keys");
        var certificate = KeyRingCertificate.LoadOrCreate(
            builder.Configuration[KeyRingCertificate.PathKey] is { Length: > 0 } path ? path : KeyRingCertificate.DefaultPath(data), data, keys);
        builder.Services.AddDataProtection()
            .SetApplicationName("ConPaaS")
            .PersistKeysToFileSystem(new DirectoryInfo(keys))
            .ProtectKeysWithCertificate(certificate)
            .UnprotectKeysWithAnyCertificate(certificate);
        return builder;
    }
}
