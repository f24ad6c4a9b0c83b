using Microsoft.Playwright;

namespace ConPaaS.EndToEnd.Tests.Pages;

/// <summary>The dashboard as a person uses it: buttons, dialogs and the list of applications.</summary>
public sealed class DashboardPage(IPage page)
{
    public ILocator SignedInUser => page.Locator("[data-testid=signed-in-user]");

    public ILocator Application(string name) =>
        page.Locator("[data-testid=application]").Filter(new() { Has = page.Locator("[data-testid=application-name]", new() { HasTextString = name }) });

    public ILocator Services(string applicationName) => Application(applicationName).Locator("[data-testid=service]");

    /// <summary>Buttons of a prerendered page do nothing until the circuit connects.</summary>
    public async Task WaitUntilInteractiveAsync() =>
        await page.Locator("[data-testid=circuit-ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

    public async Task CreateApplicationAsync(string name)
    {
        await WaitUntilInteractiveAsync();
        await page.ClickAsync("[data-testid=new-application]");
        await page.Locator(Input("name-input")).FillAsync(name);
        await page.ClickAsync("[data-testid=name-submit]");
    }

    public async Task AddServiceAsync(string applicationName, string typeDisplayName, string serviceName)
    {
        await WaitUntilInteractiveAsync();
        await Application(applicationName).Locator("[data-testid=add-service]").ClickAsync();
        await page.Locator("[data-testid=service-type]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasTextString = typeDisplayName }).ClickAsync();
        // The dialog re-renders once the choice reaches the server (the type's description appears); a name typed
        // before that render arrived could be reset by it.
        await page.Locator("[data-testid=service-type-description]").WaitForAsync();
        await page.Locator(Input("service-name")).FillAsync(serviceName);
        await page.ClickAsync("[data-testid=service-create]");
    }

    /// <summary>MudBlazor puts a text field's attributes on the input itself; older versions on its wrapper.</summary>
    private static string Input(string testId) => $"input[data-testid={testId}], [data-testid={testId}] input";
}
