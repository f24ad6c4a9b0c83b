using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using ConPaaS.Domain.Contracts;
using ConPaaS.Infrastructure.Clouds;
using ConPaaS.Portal.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ConPaaS.Portal.Tests.Lifecycle;

/// <summary>The seed's manager operations end to end, with real agent processes on the local cloud.</summary>
public sealed class ServiceLifecycleTests(LocalCloudFixture portal) : IClassFixture<LocalCloudFixture>
{
    [Fact]
    public async Task Start_add_three_remove_two_and_stop_with_real_agents()
    {
        var user = await ApiUser.SignUpAsync(portal, "life-main");
        var service = await NewSelfTestServiceAsync(user);

        var accepted = await user.Http.PostAsJsonAsync($"/api/v1/services/{service.Id}/start", new StartServiceRequest(null));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var started = await user.WaitForStateAsync(service.Id, "Running");
        Assert.Equal("local", started.Cloud);
        Assert.NotNull(started.StartedAt);
        var first = Assert.Single(await user.NodesAsync(service.Id));
        Assert.Equal("Running", first.State);
        Assert.Equal(["test"], first.Roles);
        Assert.StartsWith(portal.Range + ".", first.Address);

        await Accept(user.Http.PostAsJsonAsync($"/api/v1/services/{service.Id}/nodes", new AddNodesRequest("test", 3, null)));
        await user.WaitForStateAsync(service.Id, "Running");
        var four = await user.NodesAsync(service.Id);
        Assert.Equal(4, four.Count);
        Assert.All(four, n => Assert.Equal("Running", n.State));
        Assert.Equal(4, four.Select(n => n.Address).Distinct().Count());
        Assert.Equal(4, await CloudNodeCountAsync());

        await Accept(user.Http.DeleteAsync($"/api/v1/services/{service.Id}/nodes?role=test&count=2"));
        await user.WaitForStateAsync(service.Id, "Running");
        var two = await user.NodesAsync(service.Id);
        Assert.Equal(two.Select(n => n.Id), four.OrderBy(n => n.Id).Take(2).Select(n => n.Id)); // the youngest left
        Assert.Equal(2, await CloudNodeCountAsync());

        await Accept(user.Http.PostAsync($"/api/v1/services/{service.Id}/stop", null));
        await user.WaitForStateAsync(service.Id, "Stopped");
        Assert.Empty(await user.NodesAsync(service.Id));
        Assert.Equal(0, await CloudNodeCountAsync());

        var history = await user.Http.GetFromJsonAsync<List<OperationDto>>($"/api/v1/services/{service.Id}/logs");
        Assert.Equal(["Stop", "RemoveNodes", "AddNodes", "Start"], history!.Select(o => o.Kind));
        Assert.All(history!, o => Assert.Equal("Succeeded", o.Status));
    }

    [Fact]
    public async Task A_startup_script_runs_on_every_new_node_and_its_output_is_in_the_node_log()
    {
        var user = await ApiUser.SignUpAsync(portal, "life-script");
        var service = await NewSelfTestServiceAsync(user);
        var put = await user.Http.PutAsync($"/api/v1/services/{service.Id}/startup-script",
            new StringContent("#!/bin/bash\necho \"bootstrapped by startup script on $(hostname)\"\n"));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        await Accept(user.Http.PostAsJsonAsync($"/api/v1/services/{service.Id}/start", new StartServiceRequest("local")));
        await user.WaitForStateAsync(service.Id, "Running");
        var node = Assert.Single(await user.NodesAsync(service.Id));

        var files = await user.Http.GetFromJsonAsync<List<LogFileDto>>($"/api/v1/services/{service.Id}/nodes/{node.Id}/logs");
        Assert.Contains(files!, f => f.Name == "startup.log");
        var log = await user.Http.GetFromJsonAsync<LogContentDto>($"/api/v1/services/{service.Id}/nodes/{node.Id}/logs?file=startup.log&tail=50");
        Assert.Contains("bootstrapped by startup script", log!.Text);

        await Accept(user.Http.PostAsync($"/api/v1/services/{service.Id}/stop", null));
        await user.WaitForStateAsync(service.Id, "Stopped");
    }

    [Fact]
    public async Task A_killed_agent_is_marked_failed_and_an_opted_in_service_replaces_it()
    {
        var user = await ApiUser.SignUpAsync(portal, "life-kill");
        var service = await NewSelfTestServiceAsync(user);
        await Accept(user.Http.PostAsJsonAsync($"/api/v1/services/{service.Id}/start", new StartServiceRequest(null)));
        await user.WaitForStateAsync(service.Id, "Running");
        var victim = Assert.Single(await user.NodesAsync(service.Id));

        KillAgent(victim);
        var failed = await ServiceWaits.EventuallyAsync(() => user.NodesAsync(service.Id),
            nodes => nodes.Any(n => n.Id == victim.Id && n.State == "Failed"), 15, "the killed node is marked Failed");
        Assert.Contains("stopped answering", failed.Single(n => n.Id == victim.Id).StateReason);

        var patch = await user.Http.PatchAsJsonAsync($"/api/v1/services/{service.Id}", new ServiceSettingsRequest(null, true));
        Assert.True((await patch.Content.ReadFromJsonAsync<ServiceDto>())!.AutoReplaceFailedNodes);
        var replaced = await ServiceWaits.EventuallyAsync(() => user.NodesAsync(service.Id),
            nodes => nodes.Count == 1 && nodes[0].Id != victim.Id && nodes[0].State == "Running", 60, "a replacement node runs");
        Assert.Equal(["test"], replaced[0].Roles);

        await user.WaitForStateAsync(service.Id, "Running");
        await Accept(user.Http.PostAsync($"/api/v1/services/{service.Id}/stop", null));
        await user.WaitForStateAsync(service.Id, "Stopped");
    }

    private async Task<ServiceDto> NewSelfTestServiceAsync(ApiUser user)
    {
        var app = await user.CreateApplicationAsync("lifecycle");
        return await user.CreateServiceAsync(app.Id, "test");
    }

    private async Task<int> CloudNodeCountAsync() =>
        (await portal.Services.GetRequiredService<CloudRegistry>().Default.ListNodesAsync()).Count;

    private void KillAgent(NodeDto node) => LocalAgents.Kill(portal.DataDirectory, node.Id);

    private static async Task Accept(Task<HttpResponseMessage> call)
    {
        var response = await call;
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}

public sealed class LocalCloudFixture : LocalCloudPortal;
