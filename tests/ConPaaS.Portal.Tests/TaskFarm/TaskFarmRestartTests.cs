using System.Net.Http.Json;
using System.Text;
using ConPaaS.Domain.Contracts;
using ConPaaS.Infrastructure.Clouds;
using ConPaaS.Portal.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static ConPaaS.Portal.Tests.TaskFarm.FarmApi;

namespace ConPaaS.Portal.Tests.TaskFarm;

/// <summary>A portal that goes away in the middle of a bag: the next one carries the bag on from its files.</summary>
public sealed class TaskFarmRestartTests
{
    private const int Tasks = 120;

    [Fact]
    public async Task A_bag_executing_when_the_portal_stops_is_finished_by_the_next_with_every_task_once()
    {
        var first = new LocalCloudPortal { TerminateNodesOnDispose = false, OwnsDataDirectory = false };
        LocalCloudPortal? second = null;
        try
        {
            var user = await ApiUser.SignUpAsync(first, "farm-restart");
            var service = await StartedFarmAsync(user);
            var bag = new StringBuilder();
            for (int i = 0; i < Tasks; i++)
                bag.Append($"echo $(({i}*{i})); sleep 0.25\n");
            await UploadAsync(user, service.Id, bag.ToString());
            await ServiceWaits.EventuallyAsync(() => ProgressAsync(user, service.Id), p => p.Phase == "Ready", 240, "sampling ends");
            await ExecuteFastestAsync(user, service.Id);
            var before = await ServiceWaits.EventuallyAsync(() => ProgressAsync(user, service.Id),
                p => p.Phase == "Executing" && p.Completed >= 30 && p.Workers.Count(w => w.State == "Running") >= 2, 240, "execution is under way");
            first.Dispose(); // the portal goes away; its workers go on with what they hold

            second = new LocalCloudPortal(first.DataDirectory, first.Range);
            var again = user.On(second);
            var done = await ServiceWaits.EventuallyAsync(() => ProgressAsync(again, service.Id), p => p.Phase == "Done", 300, "the bag finishes after the restart");

            Assert.True(before.Completed < Tasks, $"the bag was done before the restart ({before.Completed} tasks)");
            Assert.Equal((Tasks, 0), (done.Completed, done.Failed));
            var outputs = await OutputsAsync(again, service.Id);
            Assert.Equal(Enumerable.Range(0, Tasks), outputs.Select(o => o.Task));
            Assert.All(outputs, o => Assert.Equal($"{o.Task * o.Task}\n", o.Stdout));
            Assert.InRange(done.MoneySpent - done.SpentBeforeExecution!.Value, 0m, done.Budget!.Value);

            // Every worker of both portals ended, and its machine with it.
            Assert.All(done.Workers, w => Assert.Equal("Terminated", w.State));
            var machines = await second.Services.GetRequiredService<CloudRegistry>().Default.ListNodesAsync();
            Assert.DoesNotContain(machines, m => done.Workers.Any(w => m.NodeId == $"node-{w.NodeId}"));
            await StopAsync(again, service.Id);
        }
        finally
        {
            first.Dispose();
            // The restart may not have happened: a portal on the same files cleans up what the first one left.
            second ??= new LocalCloudPortal(first.DataDirectory, first.Range);
            _ = second.Services;
            second.OwnsDataDirectory = true;
            second.Dispose();
        }
    }
}
