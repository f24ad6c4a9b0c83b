using Bunit;
using ConPaaS.Domain.Access;
using ConPaaS.Infrastructure.Applications;
using ConPaaS.Infrastructure.Manifests;
using ConPaaS.Infrastructure.Operations;
using ConPaaS.Portal.Components.Pages.Gallery;
using ConPaaS.Portal.Tests.Manifests;
using ConPaaS.Portal.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ConPaaS.Portal.Tests.Components;

/// <summary>The "Ready-made applications" page against a portal with the repository's templates and real nodes.</summary>
public sealed class GalleryPageTests(ManifestPortalFixture portal) : IClassFixture<ManifestPortalFixture>
{
    [Fact]
    public async Task Deploys_a_template_with_the_variable_typed_in_and_follows_its_progress_live()
    {
        var user = await portal.CreateUserAsync("gallery-user");
        await using var context = new PortalComponentContext(portal, user);
        context.Services.AddSingleton(portal.Services.GetRequiredService<TemplateGallery>());
        context.Services.AddSingleton(portal.Services.GetRequiredService<IOptions<ManifestOptions>>());
        context.Services.AddScoped(_ => portal.Services.CreateScope().ServiceProvider.GetRequiredService<ManifestCommands>());

        var page = context.Render<Gallery>();
        Assert.Equal(["adminer", "guestbook", "hello", "taskfarm-sweep"],
            page.FindAll("[data-testid=template]").Select(t => t.GetAttribute("data-template") ?? "").Order().ToArray());
        Assert.Equal("Hello PHP", page.Find("[data-template=hello] input").GetAttribute("value"));

        page.Find("[data-template=hello] input").Change("Gallery hello");
        await page.Find("[data-template=hello] [data-testid=deploy-template]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("Gallery hello", page.Find("[data-testid=deployment]").TextContent));
        page.WaitForAssertion(() => Assert.Equal("Succeeded", page.Find("[data-testid=deployment-status]").TextContent), TimeSpan.FromMinutes(3));
        Assert.Contains("Done", page.Find("[data-testid=deployment-service]").TextContent);

        var caller = new Caller(user.Id, IsAdmin: false);
        var application = (await context.Services.GetRequiredService<ApplicationCommands>().ListAsync(caller)).Single();
        Assert.Equal("Gallery hello", application.Name);
        var lifecycle = context.Services.GetRequiredService<LifecycleCommands>();
        var web = application.Services.Single();
        await lifecycle.StopAsync(caller, web.Id);
        await ServiceWaits.EventuallyAsync(
            async () => (await context.Services.GetRequiredService<ApplicationCommands>().GetAsync(caller, application.Id)).Services.Single().State,
            state => state == "Stopped", 120, "the deployed service stops");
    }
}
