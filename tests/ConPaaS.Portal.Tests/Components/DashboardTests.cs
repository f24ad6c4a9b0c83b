using Bunit;
using ConPaaS.Domain.Access;
using ConPaaS.Domain.Contracts;
using ConPaaS.Infrastructure.Applications;
using ConPaaS.Infrastructure.Services;
using ConPaaS.Portal.Components.Pages.Dashboard;
using ConPaaS.Portal.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ConPaaS.Portal.Tests.Components;

public sealed class DashboardTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task Shows_the_users_applications_with_state_chips_and_updates_live()
    {
        var user = await portal.CreateUserAsync("bunit-live");
        await using var context = new PortalComponentContext(portal, user);
        var caller = new Caller(user.Id, IsAdmin: false);
        var applications = context.Services.GetRequiredService<ApplicationCommands>();
        var services = context.Services.GetRequiredService<ServiceCommands>();

        var dashboard = context.Render<Dashboard>();
        dashboard.WaitForAssertion(() => dashboard.Find("[data-testid=no-applications]"));

        // Changes made elsewhere (another tab, the API, the CLI) arrive through the event stream.
        var app = await applications.CreateAsync(caller, "Live app");
        dashboard.WaitForAssertion(() => Assert.Equal("Live app", dashboard.Find("[data-testid=application-name]").TextContent));

        await services.CreateAsync(caller, new CreateServiceRequest(app.Id, "mysql", "db"));
        dashboard.WaitForAssertion(() =>
        {
            Assert.Equal("db", dashboard.Find("[data-testid=service-name]").TextContent);
            Assert.Contains("Init", dashboard.Find("[data-testid=service-state]").TextContent);
        });
    }

    [Fact]
    public async Task Does_not_show_or_refresh_for_other_users_applications()
    {
        var viewer = await portal.CreateUserAsync("bunit-viewer");
        var other = await portal.CreateUserAsync("bunit-other");
        await using var context = new PortalComponentContext(portal, viewer);
        var applications = context.Services.GetRequiredService<ApplicationCommands>();
        await applications.CreateAsync(new Caller(viewer.Id, false), "Mine");

        var dashboard = context.Render<Dashboard>();
        dashboard.WaitForAssertion(() => Assert.Single(dashboard.FindAll("[data-testid=application]")));

        await applications.CreateAsync(new Caller(other.Id, false), "Theirs");
        await applications.CreateAsync(new Caller(viewer.Id, false), "Mine too");
        dashboard.WaitForAssertion(() => Assert.Equal(2, dashboard.FindAll("[data-testid=application]").Count));
        Assert.DoesNotContain("Theirs", dashboard.Markup);
    }
}
