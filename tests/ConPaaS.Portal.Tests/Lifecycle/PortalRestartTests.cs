using System.Net.Http.Json;
using ConPaaS.Domain.Contracts;
using ConPaaS.Infrastructure.Clouds;
using ConPaaS.Portal.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ConPaaS.Portal.Tests.Lifecycle;

public sealed class PortalRestartTests
{
    [Fact]
    public async Task A_portal_stopped_in_the_middle_of_add_nodes_resumes_it_on_start_without_leaking_a_node()
    {
        var first = new LocalCloudPortal { TerminateNodesOnDispose = false, OwnsDataDirectory = false };
        LocalCloudPortal? second = null;
        try
        {
            var user = await ApiUser.SignUpAsync(first, "restart-user");
            var app = await user.CreateApplicationAsync("restart");
            var service = await user.CreateServiceAsync(app.Id, "test");
            await user.Http.PostAsJsonAsync($"/api/v1/services/{service.Id}/start", new StartServiceRequest(null));
            await user.WaitForStateAsync(service.Id, "Running");

            await user.Http.PostAsJsonAsync($"/api/v1/services/{service.Id}/nodes", new AddNodesRequest("test", 3, null));
            await ServiceWaits.EventuallyAsync(() => user.Http.GetFromJsonAsync<ServiceDto>($"/api/v1/services/{service.Id}"),
                s => s!.ActiveOperation is { Status: "Running" }, 30, "add_nodes is under way");
            first.Dispose(); // the portal goes away mid-operation

            second = new LocalCloudPortal(first.DataDirectory, first.Range);
            var again = user.On(second);

            await again.WaitForStateAsync(service.Id, "Running");
            var nodes = await again.NodesAsync(service.Id);
            var log = await again.Http.GetStringAsync($"/api/v1/services/{service.Id}/logs");
            Assert.True(nodes.Count == 4, $"{nodes.Count} nodes; history: {log}");
            Assert.All(nodes, n => Assert.Equal("Running", n.State));

            // Every machine the cloud runs belongs to a node record, and the other way round: nothing leaked.
            var machines = await second.Services.GetRequiredService<CloudRegistry>().Default.ListNodesAsync();
            Assert.Equal(nodes.Select(n => $"node-{n.Id}").Order(), machines.Select(m => m.NodeId).Order());
            var history = await again.Http.GetFromJsonAsync<List<OperationDto>>($"/api/v1/services/{service.Id}/logs");
            Assert.Equal("Succeeded", history!.First(o => o.Kind == "AddNodes").Status);
        }
        finally
        {
            first.Dispose();
            if (second is null)
            {
                // The restart never happened: clean up what the first portal left, as a second one would have.
                second = new LocalCloudPortal(first.DataDirectory, first.Range);
                _ = second.Services;
            }
            second.OwnsDataDirectory = true;
            second.Dispose();
        }
    }
}
