using System.Text.Json;
using ConPaaS.Domain.Services;
using Microsoft.AspNetCore.DataProtection;

namespace ConPaaS.Infrastructure.Services;

/// <summary>
/// A service's secrets (database passwords, replication credentials), encrypted at rest with ASP.NET Data
/// Protection. They live in one protected field of the service and are never logged.
/// </summary>
public sealed class ServiceSecrets(IDataProtectionProvider protection)
{
    private readonly IDataProtector _protector = protection.CreateProtector("ConPaaS.ServiceSecrets.v1");

    public string? Get(Service service, string name) => Read(service).GetValueOrDefault(name);

    public void Set(Service service, string name, string value)
    {
        var secrets = Read(service);
        secrets[name] = value;
        service.SetProtectedSecrets(_protector.Protect(JsonSerializer.Serialize(secrets)));
    }

    private Dictionary<string, string> Read(Service service) =>
        service.ProtectedSecrets is null
            ? new Dictionary<string, string>(StringComparer.Ordinal)
            : JsonSerializer.Deserialize<Dictionary<string, string>>(_protector.Unprotect(service.ProtectedSecrets))!;
}
