using System.Text.Json;
using Bunit;
using ConPaaS.Domain.Access;
using ConPaaS.Domain.Contracts;
using ConPaaS.Infrastructure.Clouds.Stored;
using CloudsPage = ConPaaS.Portal.Components.Pages.Clouds.Clouds;
using ConPaaS.Portal.Components.Pages.Clouds.Parts;
using ConPaaS.Portal.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace ConPaaS.Portal.Tests.Components;

public sealed class CloudsPageTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task An_admin_can_edit_and_remove_clouds_added_on_the_portal_and_a_user_only_sees_them()
    {
        var admin = await portal.CreateUserAsync("bunit-clouds-admin", admin: true);
        var user = await portal.CreateUserAsync("bunit-clouds-user");
        using (var scope = portal.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<CloudAdministration>().CreateAsync(new Caller(admin.Id, true), new CloudDefinitionRequest(
                "one-lab", "opennebula", [new InstanceTypeDto("small", 0.01m)],
                JsonSerializer.SerializeToElement(new { endpoint = "http://127.0.0.1:9/RPC2", userName = "lab" }), "lab-password"));
        }

        await using (var asAdmin = Context(admin, isAdmin: true))
        {
            var page = asAdmin.Render<CloudsPage>();
            page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=cloud]").Count));
            Assert.Single(page.FindAll("[data-testid=add-cloud]"));
            Assert.Single(page.FindAll("[data-testid=edit-cloud]")); // the appsettings cloud has none
            Assert.Single(page.FindAll("[data-testid=remove-cloud]"));
            Assert.Contains("from portal", page.Markup, StringComparison.Ordinal);
            Assert.DoesNotContain("lab-password", page.Markup, StringComparison.Ordinal);
        }

        await using var asUser = Context(user, isAdmin: false);
        var userPage = asUser.Render<CloudsPage>();
        userPage.WaitForAssertion(() => Assert.Equal(2, userPage.FindAll("[data-testid=cloud]").Count));
        Assert.Empty(userPage.FindAll("[data-testid=add-cloud]"));
        Assert.Empty(userPage.FindAll("[data-testid=edit-cloud]"));
    }

    [Fact]
    public async Task The_cloud_form_names_a_bad_instance_type_line_then_answers_the_request()
    {
        var admin = await portal.CreateUserAsync("bunit-clouds-form", admin: true);
        await using var context = Context(admin, isAdmin: true);
        context.Render<MudPopoverProvider>();
        var provider = context.Render<MudDialogProvider>();
        var dialogs = context.Services.GetRequiredService<IDialogService>();

        var reference = await provider.InvokeAsync(() => dialogs.ShowAsync<CloudDialog>("Add a cloud"));
        provider.WaitForAssertion(() => provider.Find("[data-testid=cloud-submit]"));
        provider.Find("input[data-testid=cloud-name-input]").Change("ec2-ohio");
        provider.Find("textarea[data-testid=cloud-types]").Change("t3.micro cheap");
        provider.Find("[data-testid=cloud-submit]").Click();

        provider.WaitForAssertion(() => Assert.Contains("'t3.micro cheap' is not 'name price'", provider.Find("[data-testid=cloud-form-error]").TextContent));

        provider.Find("textarea[data-testid=cloud-types]").Change("t3.micro 0.0104\nt3.large 0.0832");
        provider.Find("textarea[data-testid=cloud-settings]").Change("""{"region":"us-east-2","imageId":"ami-1"}""");
        provider.Find("input[data-testid=cloud-secret]").Change("s3cret");
        provider.Find("[data-testid=cloud-submit]").Click();

        var result = await reference.Result;
        var request = Assert.IsType<CloudDefinitionRequest>(result!.Data);
        Assert.Equal("ec2-ohio", request.Name);
        Assert.Equal("ec2", request.Driver);
        Assert.Equal([new InstanceTypeDto("t3.micro", 0.0104m), new InstanceTypeDto("t3.large", 0.0832m)], request.InstanceTypes);
        Assert.Equal("us-east-2", request.Settings!.Value.GetProperty("region").GetString());
        Assert.Equal("s3cret", request.Secret);
    }

    private PortalComponentContext Context(Infrastructure.Data.PortalUser user, bool isAdmin)
    {
        var context = new PortalComponentContext(portal, user);
        if (isAdmin)
        {
            // Roles first: setting them after the claims loses the claims.
            var authorization = context.AddAuthorization();
            authorization.SetAuthorized(user.UserName!);
            authorization.SetRoles(Infrastructure.Data.Roles.Admin);
            authorization.SetClaims(new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, user.Id));
        }
        context.Services.AddScoped(_ => portal.Services.CreateScope().ServiceProvider.GetRequiredService<CloudAdministration>());
        return context;
    }
}
