using System.IO.Compression;
using System.Net.Http.Json;
using System.Text;
using ConPaaS.Domain.Contracts;
using ConPaaS.Infrastructure.Clouds;
using ConPaaS.Portal.Tests.Lifecycle;
using ConPaaS.Portal.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static ConPaaS.Portal.Tests.TaskFarm.FarmApi;

namespace ConPaaS.Portal.Tests.TaskFarm;

/// <summary>A farm stopped by its user in the middle of a bag: nothing runs or costs meanwhile, nothing done is lost.</summary>
public sealed class TaskFarmStopTests(LocalCloudFixture portal) : IClassFixture<LocalCloudFixture>
{
    private const int Tasks = 100;

    [Fact]
    public async Task A_farm_stopped_mid_bag_ends_its_workers_keeps_their_outputs_and_finishes_the_bag_when_started_again()
    {
        var user = await ApiUser.SignUpAsync(portal, "farm-stop");
        var service = await StartedFarmAsync(user);
        var bag = new StringBuilder();
        for (int i = 0; i < Tasks; i++)
            bag.Append($"echo $(({i}*{i})); sleep 0.25\n");
        await UploadAsync(user, service.Id, bag.ToString());
        await ServiceWaits.EventuallyAsync(() => ProgressAsync(user, service.Id), p => p.Phase == "Ready", 240, "sampling ends");
        await ExecuteFastestAsync(user, service.Id);
        await ServiceWaits.EventuallyAsync(() => ProgressAsync(user, service.Id), p => p.Phase == "Executing" && p.Completed >= 20, 240, "execution is under way");

        await AcceptAsync(user.Http.PostAsync($"/api/v1/services/{service.Id}/stop", null));
        await user.WaitForStateAsync(service.Id, "Stopped");
        var paused = await ProgressAsync(user, service.Id);
        Assert.Equal("Executing", paused.Phase);
        Assert.True(paused.Completed < Tasks, $"the bag was done before the stop ({paused.Completed} tasks)");
        Assert.All(paused.Workers, w => Assert.Equal("Terminated", w.State));
        var machines = await portal.Services.GetRequiredService<CloudRegistry>().Default.ListNodesAsync();
        Assert.DoesNotContain(machines, m => paused.Workers.Any(w => m.NodeId == $"node-{w.NodeId}"));

        await AcceptAsync(user.Http.PostAsJsonAsync($"/api/v1/services/{service.Id}/start", new StartServiceRequest(null)));
        var done = await ServiceWaits.EventuallyAsync(() => ProgressAsync(user, service.Id), p => p.Phase == "Done", 300, "the bag finishes after the start");

        Assert.Equal((Tasks, 0), (done.Completed, done.Failed));
        Assert.True(done.Workers.Count > paused.Workers.Count, "new workers took the bag on");
        // Every task's whole output, those of the workers the stop ended included: they sent them before they went.
        using (var zip = new ZipArchive(await user.Http.GetStreamAsync($"/api/v1/services/{service.Id}/outputs.zip")))
        {
            Assert.DoesNotContain(zip.Entries, e => e.FullName.EndsWith(".tail", StringComparison.Ordinal));
            for (int i = 0; i < Tasks; i++)
            {
                var entry = zip.GetEntry($"line-{i + 1}/stdout") ?? throw new Xunit.Sdk.XunitException($"The archive has no output of line {i + 1}.");
                using var reader = new StreamReader(entry.Open());
                Assert.Equal($"{i * i}\n", await reader.ReadToEndAsync());
            }
        }
        await StopAsync(user, service.Id);
    }
}
