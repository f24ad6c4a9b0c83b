using System.IO.Compression;
using ConPaaS.EndToEnd.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConPaaS.EndToEnd.Tests;

/// <summary>The seed's code management in a real browser: upload a ZIP, activate it, open the service's address.</summary>
public sealed class PhpCodeJourneyTests() : LocalCloudJourney(addressBand: 150)
{
    private string _zip = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _zip = Path.Combine(Portal.DataDirectory, "guestbook.zip");
        using var archive = ZipFile.Open(_zip, ZipArchiveMode.Create);
        await using var index = archive.CreateEntry("index.php").Open();
        await index.WriteAsync("<?php echo '<h1>Uploaded from the browser</h1>', 'PHP ', PHP_VERSION;"u8.ToArray());
    }

    [Fact]
    public async Task Upload_a_zip_activate_it_and_open_the_service_address()
    {
        var page = await OpenServiceAsync(await CreateServiceAsync("guestbook", "php", "frontend"));

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
        var site = await Chromium.NewPageAsync();
        await site.GotoAsync(url);
        await Expect(site.Locator("h1")).ToHaveTextAsync("Uploaded from the browser");
        await site.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("php-site") });
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("php-service-page"), FullPage = true });

        await page.ClickAsync("[data-testid=stop-service]");
        await page.ClickAsync("[data-testid=confirm]");
        await Expect(page.Locator("[data-testid=service-state]").First).ToContainTextAsync("Stopped", new() { Timeout = 60_000 });
    }
}
