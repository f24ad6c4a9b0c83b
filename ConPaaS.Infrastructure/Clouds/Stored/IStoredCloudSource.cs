namespace ConPaaS.Infrastructure.Clouds.Stored;

/// <summary>Where the <see cref="CloudRegistry"/> finds the clouds an admin added on the portal.</summary>
public interface IStoredCloudSource
{
    /// <summary>Every stored cloud's settings, secrets decrypted.</summary>
    IReadOnlyList<CloudOptions> Load();
}
