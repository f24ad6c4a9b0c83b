namespace ConPaaS.Infrastructure.Manifests;

/// <summary><c>ConPaaS:Manifests</c>: where templates live and how far the portal goes to fetch a manifest's URLs.</summary>
public sealed class ManifestOptions
{
    public const string Section = "ConPaaS:Manifests";

    /// <summary>The gallery's folder (one sub-folder per template holding manifest.json); relative to the working directory.</summary>
    public string TemplatesDirectory { get; set; } = "manifests";

    public int FetchTimeoutSeconds { get; set; } = 60;

    /// <summary>The largest file fetched from a manifest's URL or read from a bundle.</summary>
    public long MaxFileBytes { get; set; } = 200L * 1024 * 1024;

    /// <summary>
    /// host:port pairs fetched even though they are loopback or private (tests serve files from loopback);
    /// every other such address is refused, so a manifest cannot make the portal call itself or its network.
    /// </summary>
    public List<string> TrustedHosts { get; set; } = [];
}
