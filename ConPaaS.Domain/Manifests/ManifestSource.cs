namespace ConPaaS.Domain.Manifests;

public enum ManifestSourceKind
{
    /// <summary>An http or https URL the portal downloads.</summary>
    Url,

    /// <summary>A file inside the manifest bundle (a ZIP holding <c>manifest.json</c> and its files).</summary>
    BundlePath,

    /// <summary>The text itself (a startup script written into the manifest).</summary>
    Inline,
}

/// <summary>Where a file of the manifest comes from (<c>Archive</c>, <c>Dump</c>, <c>StartupScript</c>, <c>Bag</c>).</summary>
/// <param name="Field">The field it was given in, e.g. <c>Services[0].Archive</c>, for error messages.</param>
public sealed record ManifestSource(string Field, ManifestSourceKind Kind, string Value)
{
    /// <summary>A script written into the manifest rather than named: several lines, or a <c>#!</c> line.</summary>
    public static bool IsInline(string value) => value.Contains('\n') || value.TrimStart().StartsWith("#!", StringComparison.Ordinal);

    /// <summary>Classifies a value: a URL (http/https only), a bundle path (relative, no <c>..</c>), or inline text.</summary>
    public static ManifestSource Parse(string field, string value, bool inlineAllowed)
    {
        var trimmed = value.Trim();
        if (trimmed.Length == 0)
            throw ManifestError.At(field, "must not be empty");
        if (inlineAllowed && IsInline(trimmed))
            return new ManifestSource(field, ManifestSourceKind.Inline, value);
        if (trimmed.Contains("://", StringComparison.Ordinal) || trimmed.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri))
                throw ManifestError.At(field, $"\"{trimmed}\" is not a valid URL");
            if (uri.Scheme is not ("http" or "https"))
                throw ManifestError.At(field, $"\"{trimmed}\" is a {uri.Scheme}: address; give an http or https URL or a path inside the bundle");
            return new ManifestSource(field, ManifestSourceKind.Url, uri.AbsoluteUri);
        }
        return new ManifestSource(field, ManifestSourceKind.BundlePath, BundlePaths.Normalize(field, trimmed));
    }

}
