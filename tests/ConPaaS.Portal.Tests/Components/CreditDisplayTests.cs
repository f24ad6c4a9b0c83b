using Bunit;
using ConPaaS.Domain.Access;
using ConPaaS.Domain.Contracts;
using ConPaaS.Infrastructure.Credits;
using ConPaaS.Portal.Components.Pages.Credit;
using ConPaaS.Portal.Components.Pages.Credit.Parts;
using ConPaaS.Portal.Components.Shared;
using ConPaaS.Portal.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ConPaaS.Portal.Tests.Components;

public sealed class CreditDisplayTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private static CreditDto Credit(decimal balance, decimal burn) => new("u", balance, burn, null, null, []);

    [Fact]
    public async Task The_summary_shows_the_balance_the_hourly_burn_and_how_long_it_lasts()
    {
        await using var context = new PortalComponentContext(portal, await portal.CreateUserAsync("bunit-credit"));

        var summary = context.Render<CreditSummary>(p => p.Add(c => c.Credit, Credit(12.5m, 0.25m)));

        Assert.Equal("12.50", summary.Find("[data-testid=credit-balance]").TextContent.Trim());
        Assert.Equal("0.25 / hour", summary.Find("[data-testid=credit-burn]").TextContent.Trim());
        Assert.Equal("50 more hours", summary.Find("[data-testid=credit-lasts]").TextContent.Trim());

        summary.Render(p => p.Add(c => c.Credit, Credit(0m, 0.05m)));
        Assert.Equal("0.00", summary.Find("[data-testid=credit-balance]").TextContent.Trim());
        Assert.Equal("used up", summary.Find("[data-testid=credit-lasts]").TextContent.Trim());
    }

    [Fact]
    public async Task The_banner_warns_a_user_at_zero_credit_and_goes_away_live_when_an_admin_adds_credit()
    {
        var user = await portal.CreateUserAsync("bunit-broke");
        var admin = await portal.CreateUserAsync("bunit-banker", admin: true);
        await using var context = new PortalComponentContext(portal, user);
        context.Services.AddScoped(_ => portal.Services.CreateScope().ServiceProvider.GetRequiredService<CreditCommands>());
        var credits = portal.Services.CreateScope().ServiceProvider.GetRequiredService<CreditCommands>();
        await credits.SetBalanceAsync(new Caller(admin.Id, IsAdmin: true), "bunit-broke", 0m);

        var banner = context.Render<CreditBanner>();
        banner.WaitForAssertion(() => Assert.Contains("credit is used up (balance 0.00)", banner.Find("[data-testid=credit-banner]").TextContent));

        await credits.SetBalanceAsync(new Caller(admin.Id, IsAdmin: true), "bunit-broke", 3m);
        banner.WaitForAssertion(() => Assert.Empty(banner.FindAll("[data-testid=credit-banner]")));
    }

    [Fact]
    public async Task The_credit_page_shows_the_users_history_and_follows_an_admins_change_live()
    {
        var user = await portal.CreateUserAsync("bunit-page");
        var admin = await portal.CreateUserAsync("bunit-page-admin", admin: true);
        await using var context = new PortalComponentContext(portal, user);
        context.Services.AddScoped(_ => portal.Services.CreateScope().ServiceProvider.GetRequiredService<CreditCommands>());

        var page = context.Render<CreditPage>();
        page.WaitForAssertion(() => Assert.Equal("50.00", page.Find("[data-testid=credit-balance]").TextContent.Trim()));
        Assert.Contains("Default balance", Assert.Single(page.FindAll("[data-testid=credit-entry]")).TextContent);

        var credits = portal.Services.CreateScope().ServiceProvider.GetRequiredService<CreditCommands>();
        await credits.SetBalanceAsync(new Caller(admin.Id, IsAdmin: true), "bunit-page", 8m);
        page.WaitForAssertion(() =>
        {
            Assert.Equal("8.00", page.Find("[data-testid=credit-balance]").TextContent.Trim());
            Assert.Contains("Balance set to 8 by bunit-page-admin", page.FindAll("[data-testid=credit-entry]")[0].TextContent);
        });
    }
}
