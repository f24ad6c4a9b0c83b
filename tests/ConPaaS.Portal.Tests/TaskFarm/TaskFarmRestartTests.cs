using System.Text;
using ConPaaS.Domain.Contracts;
using ConPaaS.Infrastructure.Clouds;
using ConPaaS.Portal.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static ConPaaS.Portal.Tests.TaskFarm.FarmApi;

namespace ConPaaS.Portal.Tests.TaskFarm;

/// <summary>A portal that goes away in the middle of a bag: the next one carries the bag on from its files.</summary>
public sealed class TaskFarmRestartTests : IDisposable
{
    private const int Tasks = 120;

    private readonly LocalCloudPortal _first = new() { TerminateNodesOnDispose = false, OwnsDataDirectory = false };
    private LocalCloudPortal? _second;

    [Fact]
    public async Task A_bag_executing_when_the_portal_stops_is_finished_by_the_next_with_every_task_once()
    {
        var (user, serviceId) = await UploadedAsync("farm-restart-run", "sleep 0.25");
        await ServiceWaits.EventuallyAsync(() => ProgressAsync(user, serviceId), p => p.Phase == "Ready", 240, "sampling ends");
        await ExecuteFastestAsync(user, serviceId);
        var before = await ServiceWaits.EventuallyAsync(() => ProgressAsync(user, serviceId),
            p => p.Phase == "Executing" && p.Completed >= 30 && p.Workers.Count(w => w.State == "Running") >= 2, 240, "execution is under way");

        var again = Restart(user);

        Assert.True(before.Completed < Tasks, $"the bag was done before the restart ({before.Completed} tasks)");
        await AssertFinishedAsync(again, serviceId);
    }

    [Fact]
    public async Task A_bag_sampling_when_the_portal_stops_is_sampled_to_the_end_by_the_next_and_runs()
    {
        var (user, serviceId) = await UploadedAsync("farm-restart-sample", "sleep 0.4");
        var before = await ServiceWaits.EventuallyAsync(() => ProgressAsync(user, serviceId),
            p => p.Phase == "Sampling" && p.Sampled >= 1, 240, "sampling is under way");

        var again = Restart(user);

        Assert.True(before.Sampled < before.SampleTarget, $"sampling was over before the restart ({before.Sampled} of {before.SampleTarget})");
        var ready = await ServiceWaits.EventuallyAsync(() => ProgressAsync(again, serviceId), p => p.Phase == "Ready", 240, "sampling ends after the restart");
        Assert.Equal(ready.SampleTarget, ready.Sampled);
        await ExecuteFastestAsync(again, serviceId);
        await AssertFinishedAsync(again, serviceId);
    }

    private async Task<(ApiUser User, int ServiceId)> UploadedAsync(string userName, string work)
    {
        var user = await ApiUser.SignUpAsync(_first, userName);
        var service = await StartedFarmAsync(user);
        var bag = new StringBuilder();
        for (int i = 0; i < Tasks; i++)
            bag.Append($"echo $(({i}*{i})); {work}\n");
        await UploadAsync(user, service.Id, bag.ToString());
        return (user, service.Id);
    }

    /// <summary>The first portal goes away (its workers go on with what they hold); a second one starts on its files.</summary>
    private ApiUser Restart(ApiUser user)
    {
        _first.Dispose();
        _second = new LocalCloudPortal(_first.DataDirectory, _first.Range);
        return user.On(_second);
    }

    private async Task AssertFinishedAsync(ApiUser user, int serviceId)
    {
        var done = await ServiceWaits.EventuallyAsync(() => ProgressAsync(user, serviceId), p => p.Phase == "Done", 300, "the bag finishes after the restart");
        Assert.Equal((Tasks, 0), (done.Completed, done.Failed));
        var outputs = await OutputsAsync(user, serviceId);
        Assert.Equal(Enumerable.Range(0, Tasks), outputs.Select(o => o.Task));
        Assert.All(outputs, o => Assert.Equal($"{o.Task * o.Task}\n", o.Stdout));
        Assert.InRange(done.MoneySpent - done.SpentBeforeExecution!.Value, 0m, done.Budget!.Value);

        // Every worker of both portals ended, and its machine with it.
        Assert.All(done.Workers, w => Assert.Equal("Terminated", w.State));
        var machines = await _second!.Services.GetRequiredService<CloudRegistry>().Default.ListNodesAsync();
        Assert.DoesNotContain(machines, m => done.Workers.Any(w => m.NodeId == $"node-{w.NodeId}"));
        await StopAsync(user, serviceId);
    }

    public void Dispose()
    {
        _first.Dispose();
        // The restart may not have happened: a portal on the same files cleans up what the first one left.
        _second ??= new LocalCloudPortal(_first.DataDirectory, _first.Range);
        _ = _second.Services;
        _second.OwnsDataDirectory = true;
        _second.Dispose();
    }
}
