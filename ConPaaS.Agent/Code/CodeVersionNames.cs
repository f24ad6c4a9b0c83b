using System.Text.RegularExpressions;

namespace ConPaaS.Agent.Code;

/// <summary>
/// A version id (<c>code-default</c>, <c>code-3</c>, a short commit id) becomes a folder name and part of the
/// web server's configuration, so it is kept to letters, digits, dots, dashes and underscores.
/// </summary>
public static partial class CodeVersionNames
{
    /// <summary>The welcome page the agent writes itself, served until a version is uploaded and activated.</summary>
    public const string Default = "code-default";

    /// <summary>The link naming the active version; no version may take its name.</summary>
    public const string CurrentLink = "current";

    public static bool IsValid(string? version) =>
        version is not null && version != CurrentLink && ValidVersion().IsMatch(version);

    public static string Describe(string? version) =>
        $"'{version}' is not a valid code version id (letters, digits, '.', '-', '_', starting with a letter or digit; at most 64; not '{CurrentLink}').";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex ValidVersion();
}
