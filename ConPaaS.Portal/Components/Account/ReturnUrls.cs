namespace ConPaaS.Portal.Components.Account;

internal static class ReturnUrls
{
    /// <summary>Only a path of this site: an absolute or protocol-relative URL would be an open redirect.</summary>
    public static string Safe(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && Uri.IsWellFormedUriString(returnUrl, UriKind.Relative)
            && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? "/" + returnUrl.TrimStart('/')
            : "/";
}
