namespace ConPaaS.Infrastructure.Clouds.Stored;

/// <summary>
/// A cloud an admin added on the portal (the ones in appsettings are not stored). Its settings are the same
/// as a <c>ConPaaS:Clouds</c> entry, kept as JSON without secrets; the secrets (EC2 secret key, OpenNebula
/// password) are in <see cref="ProtectedSecrets"/>, encrypted with Data Protection.
/// </summary>
public sealed class StoredCloud
{
    public const int NameMaxLength = 64;

    private StoredCloud()
    {
    }

    public StoredCloud(string name, string driver, string settingsJson, string? protectedSecrets, DateTimeOffset now)
    {
        Name = name;
        Driver = driver;
        SettingsJson = settingsJson;
        ProtectedSecrets = protectedSecrets;
        CreatedAt = now;
        UpdatedAt = now;
    }

    public int Id { get; private set; }

    public string Name { get; private set; } = "";

    public string Driver { get; private set; } = "";

    /// <summary>The <see cref="CloudOptions"/> as JSON, secrets left empty.</summary>
    public string SettingsJson { get; private set; } = "";

    public string? ProtectedSecrets { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public void Update(string driver, string settingsJson, string? protectedSecrets, DateTimeOffset now)
    {
        Driver = driver;
        SettingsJson = settingsJson;
        ProtectedSecrets = protectedSecrets;
        UpdatedAt = now;
    }
}
