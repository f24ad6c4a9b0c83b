using System.Text.RegularExpressions;

namespace ConPaaS.Domain.Manifests;

/// <summary>A manifest with its variables filled in and its secrets generated, ready to deploy.</summary>
/// <param name="Values">Every variable's value (given or default).</param>
/// <param name="Secrets">Every <c>${secret:name}</c> the manifest uses, generated once and shared by all its uses.</param>
public sealed record ResolvedManifest(Manifest Manifest, IReadOnlyDictionary<string, string> Values, IReadOnlyDictionary<string, string> Secrets)
{
    /// <summary>
    /// Fills the manifest's variables and secrets into a file's text (a startup script): only names the manifest
    /// knows are replaced, so a shell script's own <c>${HOME}</c> stays as it is.
    /// </summary>
    public string SubstituteText(string text) => Placeholders.Pattern.Replace(text, match =>
    {
        var name = match.Groups[1].Value;
        if (name.StartsWith(Placeholders.SecretPrefix, StringComparison.Ordinal) && Secrets.TryGetValue(name[Placeholders.SecretPrefix.Length..], out var secret))
            return secret;
        return Values.TryGetValue(name, out var value) ? value : match.Value;
    });
}

internal static class Placeholders
{
    public const string SecretPrefix = "secret:";

    public static readonly Regex Pattern = new(@"\$\{([^{}\s]+)\}", RegexOptions.CultureInvariant);

    public static readonly Regex SecretName = new("^[A-Za-z0-9_-]{1,64}$", RegexOptions.CultureInvariant);
}
