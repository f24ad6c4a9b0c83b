using System.Net;
using ConPaaS.Portal.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ConPaaS.Portal.Tests.Accounts;

/// <summary>Logging out ends the session for whoever holds its cookie, and only the portal's own page can log you out.</summary>
public sealed class SessionTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task A_session_cookie_copied_before_logout_is_refused_after_it()
    {
        await portal.CreateUserAsync("session-copied", "Session-password-1");
        var browser = AccountForms.Browser(portal);
        var login = await AccountForms.LogInAsync(browser, "session-copied", "Session-password-1");
        Assert.Equal(HttpStatusCode.Redirect, login.Status);
        Assert.NotNull(login.SessionCookie);

        var copy = WithCookie(login.SessionCookie!);
        Assert.Equal(HttpStatusCode.OK, (await copy.GetAsync("/profile")).StatusCode);

        var logout = await browser.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await AccountForms.AntiforgeryTokenAsync(browser, "/profile"),
        }));
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.EndsWith("/account/login", logout.Headers.Location?.ToString());

        var afterwards = await copy.GetAsync("/profile");
        Assert.Equal(HttpStatusCode.Redirect, afterwards.StatusCode);
        Assert.Contains("/account/login", afterwards.Headers.Location?.ToString());
    }

    [Fact]
    public async Task Logout_without_the_anti_forgery_token_is_refused_and_the_session_goes_on()
    {
        await portal.CreateUserAsync("session-forged", "Session-password-1");
        var browser = AccountForms.Browser(portal);
        await AccountForms.LogInAsync(browser, "session-forged", "Session-password-1");

        var withoutToken = await browser.PostAsync("/account/logout", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, withoutToken.StatusCode);
        var withoutBody = await browser.PostAsync("/account/logout", null);
        Assert.Equal(HttpStatusCode.BadRequest, withoutBody.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/profile")).StatusCode);
    }

    private HttpClient WithCookie(string cookie)
    {
        var http = portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        http.DefaultRequestHeaders.Add("Cookie", cookie);
        return http;
    }
}
