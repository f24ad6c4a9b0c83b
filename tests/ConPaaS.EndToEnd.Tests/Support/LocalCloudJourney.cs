using System.Net.Http.Headers;
using System.Net.Http.Json;
using ConPaaS.Domain.Contracts;
using ConPaaS.EndToEnd.Tests.Pages;
using Microsoft.Playwright;

namespace ConPaaS.EndToEnd.Tests.Support;

/// <summary>
/// A journey on real nodes: a portal process on a local cloud of its own addresses, a browser, and the admin
/// signed in. Each journey class names its own band of second octets, so parallel classes and repeated runs
/// never share an address; the portal's disposal ends every process it started.
/// </summary>
public abstract class LocalCloudJourney(int addressBand) : IAsyncLifetime
{
    private IPlaywright _playwright = null!;

    protected PortalProcess Portal { get; private set; } = null!;

    protected IBrowser Chromium { get; private set; } = null!;

    /// <summary>Settings beside the local cloud's (instance types beyond the first, TaskFarm limits, …).</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>();

    public virtual async Task InitializeAsync()
    {
        var range = $"10.{addressBand + Environment.ProcessId % 50}.{Random.Shared.Next(1, 250)}";
        var settings = new Dictionary<string, string>(Settings)
        {
            ["ConPaaS__Clouds__0__Name"] = "local",
            ["ConPaaS__Clouds__0__Driver"] = "local",
            ["ConPaaS__Clouds__0__InstanceTypes__0__Name"] = "small",
            ["ConPaaS__Clouds__0__InstanceTypes__0__PricePerHour"] = "0.05",
            ["ConPaaS__Clouds__0__Local__AddressRangeStart"] = $"{range}.2",
            ["ConPaaS__Clouds__0__Local__AddressRangeEnd"] = $"{range}.254",
        };
        Portal = await PortalProcess.StartAsync(settings);
        (_playwright, Chromium) = await Browser.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await Chromium.DisposeAsync();
        _playwright.Dispose();
        await Portal.DisposeAsync();
    }

    /// <summary>A new service of the admin's, made through the API (the dashboard's dialogs have a journey of their own).</summary>
    protected async Task<int> CreateServiceAsync(string application, string type, string name)
    {
        using var http = new HttpClient { BaseAddress = new Uri(Portal.Url) };
        var token = await (await http.PostAsJsonAsync("/api/v1/tokens",
            new CreateTokenRequest(PortalProcess.AdminName, PortalProcess.AdminPassword, "e2e"))).Content.ReadFromJsonAsync<CreatedTokenDto>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.Token);
        var app = await (await http.PostAsJsonAsync("/api/v1/applications", new CreateApplicationRequest(application))).Content.ReadFromJsonAsync<ApplicationDto>();
        var service = await (await http.PostAsJsonAsync("/api/v1/services", new CreateServiceRequest(app!.Id, type, name))).Content.ReadFromJsonAsync<ServiceDto>();
        return service!.Id;
    }

    /// <summary>The service's page, signed in as the admin, once its buttons work.</summary>
    protected async Task<IPage> OpenServiceAsync(int serviceId)
    {
        var page = await Chromium.NewPageAsync();
        await new AccountPages(page, Portal.Url).LogInAsync(PortalProcess.AdminName, PortalProcess.AdminPassword);
        await page.GotoAsync($"{Portal.Url}/services/{serviceId}");
        await new DashboardPage(page).WaitUntilInteractiveAsync();
        return page;
    }
}
