using ConPaaS.EndToEnd.Tests.Pages;
using ConPaaS.EndToEnd.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConPaaS.EndToEnd.Tests;

/// <summary>A newcomer's first minutes, in a real browser against a real portal process.</summary>
public sealed class DashboardJourneyTests : IAsyncLifetime
{
    private PortalProcess _portal = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        _portal = await PortalProcess.StartAsync();
        (_playwright, _browser) = await Browser.LaunchAsync();
    }

    [Fact]
    public async Task Register_log_in_create_an_application_and_a_service_and_see_it_listed()
    {
        var page = await _browser.NewPageAsync();
        var account = new AccountPages(page, _portal.Url);
        var dashboard = new DashboardPage(page);

        await account.RegisterAsync("newcomer", "Newcomer-password-1");
        await Expect(dashboard.SignedInUser).ToHaveTextAsync("newcomer");
        await account.LogOutAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));

        await account.LogInAsync("newcomer", "wrong-password");
        await Expect(account.Error).ToContainTextAsync("Wrong user name or password");
        await account.LogInAsync("newcomer", "Newcomer-password-1");
        await Expect(page.Locator("[data-testid=no-applications]")).ToBeVisibleAsync();

        await dashboard.CreateApplicationAsync("My shop");
        await Expect(dashboard.Application("My shop")).ToBeVisibleAsync();

        await dashboard.AddServiceAsync("My shop", "PHP web hosting", "storefront");
        var service = dashboard.Services("My shop").First;
        await Expect(service.Locator("[data-testid=service-name]")).ToHaveTextAsync("storefront");
        await Expect(service.Locator("[data-testid=service-state]")).ToContainTextAsync("Init");
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("dashboard"), FullPage = true });

        // Persisted, not only rendered: a fresh page load shows the same.
        await page.ReloadAsync();
        await Expect(dashboard.Services("My shop")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task Another_users_session_updates_live_when_the_api_changes_its_applications()
    {
        var page = await _browser.NewPageAsync();
        await new AccountPages(page, _portal.Url).LogInAsync(PortalProcess.AdminName, PortalProcess.AdminPassword);
        var dashboard = new DashboardPage(page);
        await Expect(page.Locator("[data-testid=no-applications]")).ToBeVisibleAsync();

        // A second tab of the same user creates an application; the first page re-renders without a reload.
        var other = await _browser.NewPageAsync();
        await new AccountPages(other, _portal.Url).LogInAsync(PortalProcess.AdminName, PortalProcess.AdminPassword);
        await new DashboardPage(other).CreateApplicationAsync("Made elsewhere");

        await Expect(dashboard.Application("Made elsewhere")).ToBeVisibleAsync();
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _portal.DisposeAsync();
    }
}
