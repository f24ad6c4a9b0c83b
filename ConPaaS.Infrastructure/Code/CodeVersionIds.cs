using System.Text.RegularExpressions;

namespace ConPaaS.Infrastructure.Code;

/// <summary>
/// Version ids name tags, folders on the nodes and web-server configuration, so they follow the agent's rule:
/// letters, digits, '.', '-', '_', starting with a letter or digit, at most 64.
/// </summary>
public static partial class CodeVersionIds
{
    /// <summary>The welcome page every repository starts with.</summary>
    public const string Default = "code-default";

    /// <summary>The branch that holds the service's code; the only one a push may change.</summary>
    public const string MainBranch = "refs/heads/main";

    /// <summary>How long a version id made from a commit id is, at least (longer only when 7 is ambiguous).</summary>
    public const int ShortIdLength = 7;

    public static bool IsValid(string? version) => version is not null && version != "current" && Valid().IsMatch(version);

    public static string TagRef(string version) => $"refs/tags/{version}";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex Valid();
}
