using System.Net.Http.Headers;
using System.Net.Http.Json;
using ConPaaS.Domain.Contracts;
using ConPaaS.EndToEnd.Tests.Support;

namespace ConPaaS.EndToEnd.Tests;

/// <summary>The README's way to run the portal keeps everything it writes under ./data, the CA and the nodes included.</summary>
public sealed class DataFolderTests
{
    [Fact]
    public async Task A_relative_data_folder_holds_the_database_the_CA_and_the_nodes()
    {
        var range = $"10.{250 + Environment.ProcessId % 5}.{Random.Shared.Next(1, 250)}"; // the journeys take 150–249
        await using var portal = await PortalProcess.StartAsync(new Dictionary<string, string>
        {
            ["ConPaaS__DataDirectory"] = "data",
            ["ConPaaS__Features__SelfTestService"] = "true",
            ["ConPaaS__Clouds__0__Name"] = "local",
            ["ConPaaS__Clouds__0__Driver"] = "local",
            ["ConPaaS__Clouds__0__InstanceTypes__0__Name"] = "small",
            ["ConPaaS__Clouds__0__InstanceTypes__0__PricePerHour"] = "0.05",
            ["ConPaaS__Clouds__0__Local__AddressRangeStart"] = $"{range}.2",
            ["ConPaaS__Clouds__0__Local__AddressRangeEnd"] = $"{range}.20",
        });
        using var http = new HttpClient { BaseAddress = new Uri(portal.Url) };
        var token = await (await http.PostAsJsonAsync("/api/v1/tokens", new CreateTokenRequest(PortalProcess.AdminName, PortalProcess.AdminPassword, "data")))
            .Content.ReadFromJsonAsync<CreatedTokenDto>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.Token);
        var app = await (await http.PostAsJsonAsync("/api/v1/applications", new CreateApplicationRequest("data"))).Content.ReadFromJsonAsync<ApplicationDto>();
        var service = await (await http.PostAsJsonAsync("/api/v1/services", new CreateServiceRequest(app!.Id, "test", null))).Content.ReadFromJsonAsync<ServiceDto>();
        await http.PostAsJsonAsync($"/api/v1/services/{service!.Id}/start", new StartServiceRequest(null));
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await http.GetFromJsonAsync<ServiceDto>($"/api/v1/services/{service.Id}"))!.State != "Running" && DateTime.UtcNow < deadline)
            await Task.Delay(250);

        var data = Path.Combine(portal.DataDirectory, "data");
        Assert.True(File.Exists(Path.Combine(data, "conpaas.db")));
        Assert.True(File.Exists(Path.Combine(data, "ca", "ca.crt")), "the CA lives in ./data, not beside the build output");
        Assert.True(Directory.Exists(Path.Combine(data, "nodes", "node-1")), "the nodes live in ./data, not beside the build output");
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(data, "keys"), "*.xml"));

        await http.PostAsync($"/api/v1/services/{service.Id}/stop", null);
        deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await http.GetFromJsonAsync<ServiceDto>($"/api/v1/services/{service.Id}"))!.State != "Stopped" && DateTime.UtcNow < deadline)
            await Task.Delay(250);
    }
}
