using Microsoft.Playwright;

namespace ConPaaS.EndToEnd.Tests.Pages;

/// <summary>The static account pages: register, log in, log out.</summary>
public sealed class AccountPages(IPage page, string baseUrl)
{
    public async Task RegisterAsync(string userName, string password)
    {
        await page.GotoAsync($"{baseUrl}/account/register");
        await page.FillAsync("#username", userName);
        await page.FillAsync("#password", password);
        await page.FillAsync("#confirm", password);
        await page.ClickAsync("button[type=submit]");
    }

    public async Task LogInAsync(string userName, string password)
    {
        await page.GotoAsync($"{baseUrl}/account/login");
        await page.FillAsync("#username", userName);
        await page.FillAsync("#password", password);
        await page.ClickAsync("button[type=submit]");
    }

    public async Task LogOutAsync() => await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();

    public ILocator Error => page.Locator(".error");
}
