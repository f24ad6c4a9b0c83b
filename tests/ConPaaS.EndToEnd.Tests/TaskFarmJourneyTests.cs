using System.IO.Compression;
using System.Text;
using ConPaaS.EndToEnd.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConPaaS.EndToEnd.Tests;

/// <summary>
/// The seed's TaskFarm screen in a real browser, on real worker agents: upload a bag, watch sampling, click a
/// point of the time/cost graph, follow the execution to its end; then a second bag, run by a typed budget.
/// </summary>
public sealed class TaskFarmJourneyTests() : LocalCloudJourney(addressBand: 200)
{
    private const int Tasks = 120;
    private string _bag = "";

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["ConPaaS__Clouds__0__InstanceTypes__0__Slots"] = "1",
        ["ConPaaS__TaskFarm__MaxMachinesPerType"] = "2",
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var bag = new StringBuilder("# a sweep with one broken point\n");
        for (int i = 0; i < Tasks - 1; i++)
            bag.Append($"echo point {i}; sleep 0.05\n");
        bag.Append("echo 'no convergence at this point' >&2; exit 3\n");
        _bag = Path.Combine(Portal.DataDirectory, "sweep.txt");
        await File.WriteAllTextAsync(_bag, bag.ToString());
    }

    [Fact]
    public async Task Upload_sample_click_a_schedule_follow_it_to_the_end_then_run_the_next_bag_by_a_typed_budget()
    {
        var page = await OpenServiceAsync(await CreateServiceAsync("sweep", "taskfarm", "saxs"));
        await page.ClickAsync("[data-testid=start-service]");
        await Expect(page.Locator("[data-testid=service-state]").First).ToContainTextAsync("Running", new() { Timeout = 60_000 });

        await page.Locator("[data-testid=upload-bag] input[type=file], input[type=file][accept='.txt,.bag']").First.SetInputFilesAsync(_bag);
        var phase = page.Locator("[data-testid=farm-phase]");
        await Expect(phase).ToContainTextAsync("Sampling", new() { Timeout = 30_000 });
        await Expect(page.GetByText("Tasks sampled:")).ToBeVisibleAsync();

        var points = page.Locator("[data-testid=schedule-graph] circle");
        await Expect(phase).ToContainTextAsync("Ready", new() { Timeout = 180_000 });
        await Expect(points.First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("taskfarm-schedules"), FullPage = true });

        // The fastest schedule is the last point; the click lands left of its centre, where its upper-bound line is not.
        await points.Last.ClickAsync(new() { Position = new() { X = 2, Y = 5 } });
        var completed = page.Locator("[data-testid=farm-completed]");
        await Expect(completed).ToContainTextAsync($"of {Tasks}", new() { Timeout = 30_000 });
        await Expect(phase).ToContainTextAsync("Done", new() { Timeout = 240_000 });
        await Expect(completed).ToContainTextAsync($"Completed {Tasks} of {Tasks} (1 failed), money spent 0.");
        await Expect(completed).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"before execution, 0\.\d\d of a budget of 0\.\d\d during it"));
        await Expect(page.Locator(".mud-alert", new() { HasTextString = "exit 3" })).ToContainTextAsync("no convergence at this point");
        await Expect(page.Locator("table tbody tr", new() { HasTextString = "small" }).First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("taskfarm-done"), FullPage = true });

        // The page's download link, with the browser's session: every task's output, the broken one's included.
        var href = await page.Locator("[data-testid=download-outputs]").GetAttributeAsync("href");
        var download = await page.Context.APIRequest.GetAsync($"{Portal.Url}/{href}");
        Assert.True(download.Ok, $"{download.Status} {download.StatusText}; the portal said: {Portal.Output[Math.Max(0, Portal.Output.Length - 3000)..]}");
        using (var zip = new ZipArchive(new MemoryStream(await download.BodyAsync())))
        {
            Assert.Equal(Tasks, zip.Entries.Select(e => e.FullName.Split('/')[0]).Where(folder => folder.StartsWith("line-", StringComparison.Ordinal)).Distinct().Count());
            using var stderr = new StreamReader(zip.GetEntry($"line-{Tasks + 1}/stderr")!.Open());
            Assert.Equal("no convergence at this point\n", await stderr.ReadToEndAsync());
        }

        // The next bag on the same farm, run by a typed budget: the button takes the number as it is typed.
        await page.Locator("[data-testid=upload-bag] input[type=file], input[type=file][accept='.txt,.bag']").First.SetInputFilesAsync(_bag);
        await Expect(phase).ToContainTextAsync("Ready", new() { Timeout = 180_000 });
        await page.GetByLabel("Budget").FillAsync("0.01");
        await page.GetByRole(AriaRole.Button, new() { Name = "Fastest within budget" }).ClickAsync();
        await Expect(completed).ToContainTextAsync("of a budget of 0.01", new() { Timeout = 30_000 });
        await Expect(phase).ToContainTextAsync("Done", new() { Timeout = 240_000 });
        await Expect(completed).ToContainTextAsync($"Completed {Tasks} of {Tasks} (1 failed)");
    }
}
