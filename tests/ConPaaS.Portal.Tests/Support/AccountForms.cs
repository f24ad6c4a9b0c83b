using System.Net;
using System.Text.RegularExpressions;

namespace ConPaaS.Portal.Tests.Support;

/// <summary>
/// The static account pages (log in, register, log out) driven as a browser without scripts would: read the
/// page's anti-forgery token, post the form, read the errors it shows.
/// </summary>
public static partial class AccountForms
{
    /// <summary>The page's answer to a log-in: where it redirects on success, the errors it shows on failure.</summary>
    public sealed record FormAnswer(HttpStatusCode Status, string? RedirectTo, IReadOnlyList<string> Errors, string? SessionCookie);

    public const string SessionCookieName = "ConPaaS.Session";

    public static Task<FormAnswer> LogInAsync(HttpClient http, string userName, string password) =>
        PostFormAsync(http, "/account/login", "login", new() { ["Input.UserName"] = userName, ["Input.Password"] = password });

    public static Task<FormAnswer> RegisterAsync(HttpClient http, string userName, string password) =>
        PostFormAsync(http, "/account/register", "register", new()
        {
            ["Input.UserName"] = userName, ["Input.Password"] = password, ["Input.ConfirmPassword"] = password,
        });

    /// <summary>Posts the Blazor form <paramref name="formName"/> of <paramref name="page"/> with its anti-forgery token.</summary>
    public static async Task<FormAnswer> PostFormAsync(HttpClient http, string page, string formName, Dictionary<string, string> fields)
    {
        fields["_handler"] = formName;
        fields["__RequestVerificationToken"] = await AntiforgeryTokenAsync(http, page);
        var response = await http.PostAsync(page, new FormUrlEncodedContent(fields));
        var html = await response.Content.ReadAsStringAsync();
        var errors = ErrorPattern().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value).Trim()).ToList();
        var session = response.Headers.TryGetValues("Set-Cookie", out var cookies)
            ? cookies.Select(c => c.Split(';')[0]).FirstOrDefault(c => c.StartsWith(SessionCookieName + "=", StringComparison.Ordinal))
            : null;
        return new FormAnswer(response.StatusCode, response.Headers.Location?.ToString(), errors, session);
    }

    public static async Task<string> AntiforgeryTokenAsync(HttpClient http, string page)
    {
        var html = await http.GetStringAsync(page);
        var match = TokenPattern().Match(html);
        Assert.True(match.Success, $"{page} has no anti-forgery token");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    /// <summary>A client that keeps cookies and shows redirects instead of following them.</summary>
    public static HttpClient Browser(PortalFactory portal, string? address = null)
    {
        var http = portal.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (address is not null)
            http.DefaultRequestHeaders.Add(ClientAddresses.Header, address);
        return http;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("<div class=\"(?:error|validation-message)\"[^>]*>(.*?)</div>", RegexOptions.Singleline)]
    private static partial Regex ErrorPattern();
}
