namespace ConPaaS.Domain.Manifests;

/// <summary>The rule for a file named inside a manifest bundle: relative, forward slashes, never leaving the bundle.</summary>
public static class BundlePaths
{
    public const string ManifestEntry = "manifest.json";

    public static string Normalize(string field, string path)
    {
        var normalized = path.Replace('\\', '/');
        if (normalized.StartsWith('/') || (normalized.Length > 1 && normalized[1] == ':'))
            throw ManifestError.At(field, $"\"{path}\" is an absolute path; give a path inside the bundle (e.g. code/app.zip) or an http(s) URL");
        var parts = normalized.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Any(p => p == ".."))
            throw ManifestError.At(field, $"\"{path}\" leaves the bundle (\"..\"); give a path inside it");
        if (parts.Length == 0 || parts.Any(p => p.Any(char.IsControl)))
            throw ManifestError.At(field, $"\"{path}\" is not a file path");
        return string.Join('/', parts.Where(p => p != "."));
    }
}
