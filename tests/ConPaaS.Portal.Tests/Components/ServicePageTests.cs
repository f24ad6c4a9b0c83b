using Bunit;
using ConPaaS.Domain.Access;
using ConPaaS.Domain.Contracts;
using ConPaaS.Infrastructure.Applications;
using ConPaaS.Infrastructure.Operations;
using ConPaaS.Infrastructure.Services;
using ConPaaS.Portal.Components.Pages.Services;
using ConPaaS.Portal.Tests.Lifecycle;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace ConPaaS.Portal.Tests.Components;

public sealed class ServicePageTests(LocalCloudFixture portal) : IClassFixture<LocalCloudFixture>
{
    [Fact]
    public async Task The_instances_table_follows_a_start_and_an_add_live()
    {
        var user = await portal.CreateUserAsync("bunit-instances");
        await using var context = new PortalComponentContext(portal, user);
        context.Render<MudPopoverProvider>();
        var caller = new Caller(user.Id, IsAdmin: false);
        var app = await context.Services.GetRequiredService<ApplicationCommands>().CreateAsync(caller, "app");
        var service = await context.Services.GetRequiredService<ServiceCommands>().CreateAsync(caller, new CreateServiceRequest(app.Id, "test", "probe"));
        var lifecycle = context.Services.GetRequiredService<LifecycleCommands>();

        var page = context.Render<ServicePage>(parameters => parameters.Add(p => p.Id, service.Id));
        page.WaitForAssertion(() => Assert.Equal("probe", page.Find("[data-testid=service-title]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=instance]"));

        await lifecycle.StartAsync(caller, service.Id, null);
        page.WaitForAssertion(() =>
        {
            var row = Assert.Single(page.FindAll("[data-testid=instance]"));
            Assert.Equal("Running", row.QuerySelector("[data-testid=instance-state]")!.TextContent);
            Assert.StartsWith(portal.Range, row.QuerySelector("[data-testid=instance-address]")!.TextContent);
            Assert.Contains("Running", page.Find("[data-testid=service-state]").TextContent);
            Assert.Empty(page.FindAll("[data-testid=operation-progress]"));
        }, TimeSpan.FromSeconds(60));

        await lifecycle.AddNodesAsync(caller, service.Id, new AddNodesRequest("test", 2, null));
        page.WaitForAssertion(() =>
        {
            Assert.Equal(3, page.FindAll("[data-testid=instance]").Count(r => r.TextContent.Contains("Running")));
            Assert.Empty(page.FindAll("[data-testid=operation-progress]"));
        }, TimeSpan.FromSeconds(60));

        await lifecycle.StopAsync(caller, service.Id);
        page.WaitForAssertion(() =>
        {
            Assert.Empty(page.FindAll("[data-testid=instance]"));
            Assert.Contains("Stopped", page.Find("[data-testid=service-state]").TextContent);
        }, TimeSpan.FromSeconds(60));
    }
}
