using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace ConPaaS.Infrastructure.Clouds.Stored;

/// <summary>
/// Splits a cloud's settings into what may be stored and shown (JSON without secrets) and its secrets (the EC2
/// secret key, the OpenNebula password), encrypted with Data Protection; and joins them back.
/// </summary>
public sealed class StoredCloudSecrets(IDataProtectionProvider protection)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly IDataProtector _protector = protection.CreateProtector("ConPaaS.CloudSecrets.v1");

    public (string SettingsJson, string? ProtectedSecrets) Split(CloudOptions cloud)
    {
        var secrets = new CloudSecrets(cloud.Ec2.SecretAccessKey, cloud.OpenNebula.Password);
        var copy = JsonSerializer.Deserialize<CloudOptions>(JsonSerializer.Serialize(cloud, Json), Json)!;
        copy.Ec2.SecretAccessKey = "";
        copy.OpenNebula.Password = "";
        var hasSecrets = secrets.Ec2SecretAccessKey.Length > 0 || secrets.OpenNebulaPassword.Length > 0;
        return (JsonSerializer.Serialize(copy, Json), hasSecrets ? _protector.Protect(JsonSerializer.Serialize(secrets, Json)) : null);
    }

    public CloudOptions Join(StoredCloud stored)
    {
        var cloud = JsonSerializer.Deserialize<CloudOptions>(stored.SettingsJson, Json)!;
        if (stored.ProtectedSecrets is not null)
        {
            var secrets = JsonSerializer.Deserialize<CloudSecrets>(_protector.Unprotect(stored.ProtectedSecrets), Json)!;
            cloud.Ec2.SecretAccessKey = secrets.Ec2SecretAccessKey;
            cloud.OpenNebula.Password = secrets.OpenNebulaPassword;
        }
        return cloud;
    }

    private sealed record CloudSecrets(string Ec2SecretAccessKey, string OpenNebulaPassword);
}
