using System.IO.Compression;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ConPaaS.Domain.Contracts;
using ConPaaS.EndToEnd.Tests.Pages;
using ConPaaS.EndToEnd.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConPaaS.EndToEnd.Tests;

/// <summary>The seed's code management in a real browser: upload a ZIP, activate it, open the service's address.</summary>
public sealed class PhpCodeJourneyTests : IAsyncLifetime
{
    private PortalProcess _portal = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private string _zip = "";

    public async Task InitializeAsync()
    {
        var range = $"127.{150 + Environment.ProcessId % 50}.{Random.Shared.Next(1, 250)}";
        _portal = await PortalProcess.StartAsync(new Dictionary<string, string>
        {
            ["ConPaaS__Clouds__0__Name"] = "local",
            ["ConPaaS__Clouds__0__Driver"] = "local",
            ["ConPaaS__Clouds__0__InstanceTypes__0__Name"] = "small",
            ["ConPaaS__Clouds__0__InstanceTypes__0__PricePerHour"] = "0.05",
            ["ConPaaS__Clouds__0__Local__AddressRangeStart"] = $"{range}.1",
            ["ConPaaS__Clouds__0__Local__AddressRangeEnd"] = $"{range}.254",
        });
        (_playwright, _browser) = await Browser.LaunchAsync();
        _zip = Path.Combine(_portal.DataDirectory, "guestbook.zip");
        using var archive = ZipFile.Open(_zip, ZipArchiveMode.Create);
        await using var index = archive.CreateEntry("index.php").Open();
        await index.WriteAsync("<?php echo '<h1>Uploaded from the browser</h1>', 'PHP ', PHP_VERSION;"u8.ToArray());
    }

    [Fact]
    public async Task Upload_a_zip_activate_it_and_open_the_service_address()
    {
        var serviceId = await CreatePhpServiceAsync();
        var page = await _browser.NewPageAsync();
        await new AccountPages(page, _portal.Url).LogInAsync(PortalProcess.AdminName, PortalProcess.AdminPassword);
        await page.GotoAsync($"{_portal.Url}/services/{serviceId}");
        await new DashboardPage(page).WaitUntilInteractiveAsync();

        await page.ClickAsync("[data-testid=start-service]");
        await Expect(page.Locator("[data-testid=service-state]").First).ToContainTextAsync("Running", new() { Timeout = 60_000 });
        await Expect(page.Locator("[data-testid=operation-progress]")).ToHaveCountAsync(0, new() { Timeout = 60_000 });

        await page.Locator("[data-testid=code-panel] input[type=file]").SetInputFilesAsync(_zip);
        var uploaded = page.Locator("[data-testid=code-version]").Filter(new() { HasTextString = "upload" });
        await Expect(uploaded).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await uploaded.Locator("[data-testid=activate-version]").ClickAsync();
        await Expect(uploaded).ToContainTextAsync("active", new() { Timeout = 60_000 });
        await Expect(page.Locator("[data-testid=operation-progress]")).ToHaveCountAsync(0, new() { Timeout = 60_000 });

        var url = await page.Locator("[data-testid=service-url]").InnerTextAsync();
        var site = await _browser.NewPageAsync();
        await site.GotoAsync(url);
        await Expect(site.Locator("h1")).ToHaveTextAsync("Uploaded from the browser");
        await site.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("php-site") });
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("php-service-page"), FullPage = true });

        await page.ClickAsync("[data-testid=stop-service]");
        await page.ClickAsync("[data-testid=confirm]");
        await Expect(page.Locator("[data-testid=service-state]").First).ToContainTextAsync("Stopped", new() { Timeout = 60_000 });
    }

    private async Task<int> CreatePhpServiceAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri(_portal.Url) };
        var token = await (await http.PostAsJsonAsync("/api/v1/tokens",
            new CreateTokenRequest(PortalProcess.AdminName, PortalProcess.AdminPassword, "e2e"))).Content.ReadFromJsonAsync<CreatedTokenDto>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.Token);
        var app = await (await http.PostAsJsonAsync("/api/v1/applications", new CreateApplicationRequest("guestbook"))).Content.ReadFromJsonAsync<ApplicationDto>();
        var service = await (await http.PostAsJsonAsync("/api/v1/services", new CreateServiceRequest(app!.Id, "php", "frontend"))).Content.ReadFromJsonAsync<ServiceDto>();
        return service!.Id;
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _portal.DisposeAsync();
    }
}
