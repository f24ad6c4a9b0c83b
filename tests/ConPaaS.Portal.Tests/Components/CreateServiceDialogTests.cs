using Bunit;
using ConPaaS.Portal.Components.Pages.Dashboard.Parts;
using ConPaaS.Portal.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace ConPaaS.Portal.Tests.Components;

public sealed class CreateServiceDialogTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task Create_is_disabled_until_a_type_is_chosen_then_answers_type_and_name()
    {
        var user = await portal.CreateUserAsync("bunit-dialog");
        await using var context = new PortalComponentContext(portal, user);
        context.Render<MudPopoverProvider>();
        var provider = context.Render<MudDialogProvider>();
        var dialogs = context.Services.GetRequiredService<IDialogService>();

        var reference = await provider.InvokeAsync(() => dialogs.ShowAsync<CreateServiceDialog>("New service"));
        provider.WaitForAssertion(() => Assert.True(provider.Find("[data-testid=service-create]").HasAttribute("disabled")));

        var select = provider.FindComponent<MudSelect<string>>();
        await provider.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync("mysql"));
        provider.WaitForAssertion(() =>
        {
            Assert.Contains("Roles: master, slave", provider.Find("[data-testid=service-type-description]").TextContent);
            Assert.False(provider.Find("[data-testid=service-create]").HasAttribute("disabled"));
        });

        provider.Find("input[data-testid=service-name]").Input("orders-db"); // the name goes to the server as it is typed
        provider.Find("[data-testid=service-create]").Click();

        var result = await reference.Result;
        Assert.False(result!.Canceled);
        Assert.Equal(new CreateServiceDialog.NewService("mysql", "orders-db"), result.Data);
    }

    [Fact]
    public async Task Cancel_creates_nothing()
    {
        var user = await portal.CreateUserAsync("bunit-cancel");
        await using var context = new PortalComponentContext(portal, user);
        context.Render<MudPopoverProvider>();
        var provider = context.Render<MudDialogProvider>();
        var dialogs = context.Services.GetRequiredService<IDialogService>();

        var reference = await provider.InvokeAsync(() => dialogs.ShowAsync<CreateServiceDialog>("New service"));
        provider.WaitForAssertion(() => provider.Find("[data-testid=service-create]"));
        provider.FindAll("button").Single(b => b.TextContent.Contains("Cancel")).Click();

        Assert.True((await reference.Result)!.Canceled);
    }
}
