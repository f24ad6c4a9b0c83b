using Microsoft.Playwright;

namespace ConPaaS.EndToEnd.Tests.Support;

/// <summary>The system's Chromium, driven headless by Playwright (no browser download).</summary>
public static class Browser
{
    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        });
        return (playwright, browser);
    }

    /// <summary>Where screenshots go, for a person to look at after a run.</summary>
    public static string ScreenshotPath(string name)
    {
        var dir = Path.Combine(Path.GetTempPath(), "conpaas-e2e-screenshots");
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, name + ".png");
    }
}
