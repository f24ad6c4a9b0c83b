using System.Net.Http.Json;
using ConPaaS.Domain.Contracts;
using ConPaaS.Portal.Tests.Support;

namespace ConPaaS.Portal.Tests.Lifecycle;

/// <summary>A running service says whether it serves: Healthy, Degraded with the failed nodes named, Down.</summary>
public sealed class ServiceHealthTests(LocalCloudFixture portal) : IClassFixture<LocalCloudFixture>
{
    [Fact]
    public async Task A_service_is_healthy_degraded_when_a_node_fails_and_down_when_all_do_everywhere_it_is_shown()
    {
        var user = await ApiUser.SignUpAsync(portal, "health");
        var app = await user.CreateApplicationAsync("watched");
        var service = await user.CreateServiceAsync(app.Id, "test");
        await user.Http.PostAsJsonAsync($"/api/v1/services/{service.Id}/start", new StartServiceRequest(null));
        await user.WaitForStateAsync(service.Id, "Running");
        await user.Http.PostAsJsonAsync($"/api/v1/services/{service.Id}/nodes", new AddNodesRequest("test", 1, null));
        var running = await user.WaitForStateAsync(service.Id, "Running");
        Assert.Equal("Healthy", running.Health);
        var nodes = await user.NodesAsync(service.Id);
        Assert.Equal(2, nodes.Count);

        LocalAgents.Kill(portal.DataDirectory, nodes[0].Id);
        var degraded = await ServiceWaits.EventuallyAsync(() => user.Http.GetFromJsonAsync<ServiceDto>($"/api/v1/services/{service.Id}")!,
            s => s!.Health == "Degraded", 20, "the service shows degraded");
        Assert.Equal("Running", degraded!.State);
        Assert.StartsWith($"1 of 2 nodes failed (node-{nodes[0].Id}: The agent stopped answering", degraded.HealthReason);
        // The dashboard's listing says the same.
        var application = (await user.Http.GetFromJsonAsync<ApplicationDto>($"/api/v1/applications/{app.Id}"))!;
        Assert.Equal("Degraded", application.Services.Single().Health);
        var dashboard = (await user.Http.GetFromJsonAsync<List<ApplicationDto>>("/api/v1/applications"))!.Single(a => a.Id == app.Id).Services.Single();
        Assert.Equal("Degraded", dashboard.Health);

        LocalAgents.Kill(portal.DataDirectory, nodes[1].Id);
        var down = await ServiceWaits.EventuallyAsync(() => user.Http.GetFromJsonAsync<ServiceDto>($"/api/v1/services/{service.Id}")!,
            s => s!.Health == "Down", 20, "the service shows down");
        Assert.StartsWith("all 2 node(s) failed", down!.HealthReason);

        await user.Http.PostAsync($"/api/v1/services/{service.Id}/stop", null);
        var stopped = await user.WaitForStateAsync(service.Id, "Stopped");
        Assert.Null(stopped.Health);
    }
}
