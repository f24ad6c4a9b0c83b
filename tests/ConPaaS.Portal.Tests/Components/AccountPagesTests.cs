using System.Net;
using System.Net.Http.Json;
using Bunit;
using ConPaaS.Domain.Contracts;
using ConPaaS.Infrastructure.Accounts;
using ConPaaS.Infrastructure.Credits;
using ConPaaS.Portal.Components.Pages.Admin;
using ConPaaS.Portal.Components.Pages.Profile;
using ConPaaS.Portal.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace ConPaaS.Portal.Tests.Components;

/// <summary>The profile's tokens (expiry, last use) and the admin's unlock button.</summary>
public sealed class AccountPagesTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task A_token_made_on_the_profile_page_can_expire_and_the_list_shows_expiry_and_last_use()
    {
        var user = await portal.CreateUserAsync("bunit-tokens");
        await using var context = new PortalComponentContext(portal, user);
        context.Services.AddScoped(_ => portal.Services.CreateScope().ServiceProvider.GetRequiredService<TokenService>());
        context.Render<MudPopoverProvider>();
        var dialogs = context.Render<MudDialogProvider>();
        var page = context.Render<Profile>();

        page.Find("[data-testid=new-token]").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid=token-submit]"));
        dialogs.Find("input[data-testid=token-name-input]").Input("nightly");
        dialogs.Find("input[data-testid=token-days-input]").Input("30");
        dialogs.Find("[data-testid=token-submit]").Click();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=created-token]")));
        var row = page.FindAll("[data-testid=token]").Single(r => r.TextContent.Contains("nightly"));
        var expected = DateTimeOffset.UtcNow.AddDays(30).ToString("yyyy-MM-dd");
        Assert.Contains(expected, row.QuerySelector("[data-testid=token-expires]")!.TextContent);
        Assert.Equal("never", row.QuerySelector("[data-testid=token-last-used]")!.TextContent.Trim());

        var clear = page.Find("[data-testid=token-value]").TextContent.Trim();
        var http = portal.CreateClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", clear);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/v1/applications")).StatusCode);
    }

    [Fact]
    public async Task The_users_page_shows_a_locked_account_and_an_admin_unlocks_it()
    {
        const string password = "Locked-password-1";
        await portal.CreateUserAsync("bunit-locked", password);
        var admin = await portal.CreateUserAsync("bunit-unlocker", admin: true);
        var http = portal.CreateClient();
        for (var i = 0; i < 5; i++)
            await http.PostAsJsonAsync("/api/v1/tokens", new CreateTokenRequest("bunit-locked", "wrong", "x"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsJsonAsync("/api/v1/tokens", new CreateTokenRequest("bunit-locked", password, "x"))).StatusCode);

        await using var context = new PortalComponentContext(portal, admin, admin: true);
        context.Services.AddScoped(_ => portal.Services.CreateScope().ServiceProvider.GetRequiredService<UserAdministration>());
        context.Services.AddScoped(_ => portal.Services.CreateScope().ServiceProvider.GetRequiredService<CreditCommands>());
        context.Render<MudPopoverProvider>();
        context.Render<MudSnackbarProvider>();
        var page = context.Render<Users>();

        page.WaitForAssertion(() => Assert.Contains("locked", Row(page, "bunit-locked").TextContent));
        Assert.Null(Row(page, "bunit-unlocker").QuerySelector("[data-testid=unlock-user]"));
        Row(page, "bunit-locked").QuerySelector("[data-testid=unlock-user]")!.Click();

        page.WaitForAssertion(() => Assert.Null(Row(page, "bunit-locked").QuerySelector("[data-testid=unlock-user]")));
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsJsonAsync("/api/v1/tokens", new CreateTokenRequest("bunit-locked", password, "x"))).StatusCode);
    }

    private static AngleSharp.Dom.IElement Row(IRenderedComponent<Users> page, string userName) =>
        page.FindAll("[data-testid=user]").Single(r => r.QuerySelector("td")!.TextContent.Trim() == userName);
}
