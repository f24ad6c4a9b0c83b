using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using ConPaaS.Domain.Contracts;
using ConPaaS.EndToEnd.Tests.Pages;
using ConPaaS.EndToEnd.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConPaaS.EndToEnd.Tests;

/// <summary>
/// The seed's TaskFarm screen in a real browser, on real worker agents: upload a bag, watch sampling, click a
/// point of the time/cost graph, follow the execution to its end; then a second bag, run by a typed budget.
/// </summary>
public sealed class TaskFarmJourneyTests : IAsyncLifetime
{
    private const int Tasks = 120;
    private PortalProcess _portal = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private string _bag = "";

    public async Task InitializeAsync()
    {
        var range = $"127.{200 + Environment.ProcessId % 50}.{Random.Shared.Next(1, 250)}";
        _portal = await PortalProcess.StartAsync(new Dictionary<string, string>
        {
            ["ConPaaS__Clouds__0__Name"] = "local",
            ["ConPaaS__Clouds__0__Driver"] = "local",
            ["ConPaaS__Clouds__0__InstanceTypes__0__Name"] = "small",
            ["ConPaaS__Clouds__0__InstanceTypes__0__PricePerHour"] = "0.05",
            ["ConPaaS__Clouds__0__InstanceTypes__0__Slots"] = "1",
            ["ConPaaS__Clouds__0__Local__AddressRangeStart"] = $"{range}.1",
            ["ConPaaS__Clouds__0__Local__AddressRangeEnd"] = $"{range}.254",
            ["ConPaaS__TaskFarm__MaxMachinesPerType"] = "2",
        });
        (_playwright, _browser) = await Browser.LaunchAsync();
        var bag = new StringBuilder("# a sweep with one broken point\n");
        for (int i = 0; i < Tasks - 1; i++)
            bag.Append($"echo point {i}; sleep 0.05\n");
        bag.Append("echo 'no convergence at this point' >&2; exit 3\n");
        _bag = Path.Combine(_portal.DataDirectory, "sweep.txt");
        await File.WriteAllTextAsync(_bag, bag.ToString());
    }

    [Fact]
    public async Task Upload_sample_click_a_schedule_follow_it_to_the_end_then_run_the_next_bag_by_a_typed_budget()
    {
        var serviceId = await CreateFarmAsync();
        var page = await _browser.NewPageAsync();
        await new AccountPages(page, _portal.Url).LogInAsync(PortalProcess.AdminName, PortalProcess.AdminPassword);
        await page.GotoAsync($"{_portal.Url}/services/{serviceId}");
        await new DashboardPage(page).WaitUntilInteractiveAsync();
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

        // The next bag on the same farm, run by a typed budget: the button takes the number as it is typed.
        await page.Locator("[data-testid=upload-bag] input[type=file], input[type=file][accept='.txt,.bag']").First.SetInputFilesAsync(_bag);
        await Expect(phase).ToContainTextAsync("Ready", new() { Timeout = 180_000 });
        await page.GetByLabel("Budget").FillAsync("0.01");
        await page.GetByRole(AriaRole.Button, new() { Name = "Fastest within budget" }).ClickAsync();
        await Expect(completed).ToContainTextAsync("of a budget of 0.01", new() { Timeout = 30_000 });
        await Expect(phase).ToContainTextAsync("Done", new() { Timeout = 240_000 });
        await Expect(completed).ToContainTextAsync($"Completed {Tasks} of {Tasks} (1 failed)");
    }

    private async Task<int> CreateFarmAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri(_portal.Url) };
        var token = await (await http.PostAsJsonAsync("/api/v1/tokens",
            new CreateTokenRequest(PortalProcess.AdminName, PortalProcess.AdminPassword, "e2e"))).Content.ReadFromJsonAsync<CreatedTokenDto>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.Token);
        var app = await (await http.PostAsJsonAsync("/api/v1/applications", new CreateApplicationRequest("sweep"))).Content.ReadFromJsonAsync<ApplicationDto>();
        var service = await (await http.PostAsJsonAsync("/api/v1/services", new CreateServiceRequest(app!.Id, "taskfarm", "saxs"))).Content.ReadFromJsonAsync<ServiceDto>();
        return service!.Id;
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _portal.DisposeAsync();
    }
}
