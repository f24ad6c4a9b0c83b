using System.Net.Http.Json;
using System.Text;
using ConPaaS.Domain.Contracts;
using ConPaaS.Domain.TaskFarm;
using ConPaaS.Infrastructure.Services.TaskFarm;
using ConPaaS.Portal.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static ConPaaS.Portal.Tests.TaskFarm.FarmApi;

namespace ConPaaS.Portal.Tests.TaskFarm;

/// <summary>Execution under the budget controller on real workers: types, timeouts, budget, a killed worker.</summary>
public sealed class TaskFarmControlTests(TwoTypeFarmPortal portal) : IClassFixture<TwoTypeFarmPortal>
{
    [Fact]
    public async Task Sampling_measures_each_type_a_hanging_task_times_out_and_the_budget_holds()
    {
        var user = await ApiUser.SignUpAsync(portal, "farm-types");
        var service = await StartedFarmAsync(user);
        var bag = new StringBuilder();
        for (int i = 0; i < 150; i++)
            bag.Append(i == 120 ? "sleep 600\n" : $"sleep 0.3; echo {i}\n");
        await UploadAsync(user, service.Id, bag.ToString());

        var ready = await ServiceWaits.EventuallyAsync(() => ProgressAsync(user, service.Id), p => p.Phase == "Ready", 300, "sampling ends");
        var schedules = (await user.Http.GetFromJsonAsync<TaskFarmSchedulesDto>($"/api/v1/services/{service.Id}/schedules"))!;
        Assert.Equal(["small", "large"], schedules.Types.Select(t => t.Name));
        Assert.Equal(2 * ready.SampleSize, ready.SampleTarget); // the sample ran on both types
        Assert.Equal(ready.SampleTarget, ready.Sampled);
        Assert.Equal(["small", "large"], ready.Workers.Select(w => w.InstanceType).Distinct().Order().Reverse());
        Assert.Contains(schedules.Schedules, s => s.Machines[1] > 0);
        // A large node runs four tasks at once, so its measured speed differs: on the sampled runtimes, one large
        // machine finishes the bag sooner than one small one (the offered front hides this: the sampling
        // machines are paid for the hour, so it starts from them).
        var farm = portal.Services.GetRequiredService<FarmStore>().Load(service.Id);
        Assert.Equal(2, farm.Samples.Select(s => s.Type).Distinct().Count());
        var estimator = new ScheduleEstimator(FarmTypes.Machines(farm.Types), FarmMath.Model(farm), 150);
        var (oneSmall, oneLarge) = (estimator.Evaluate([1, 0]), estimator.Evaluate([0, 1]));
        Assert.True(oneLarge.ExpectedMakespan < oneSmall.ExpectedMakespan, $"large {oneLarge.ExpectedMakespan} s, small {oneSmall.ExpectedMakespan} s");

        var chosen = schedules.Schedules[^1];
        await AcceptAsync(user.Http.PostAsJsonAsync($"/api/v1/services/{service.Id}/execute", new TaskFarmExecuteRequest(chosen.UpperCost)));
        var done = await ServiceWaits.EventuallyAsync(() => ProgressAsync(user, service.Id), p => p.Phase == "Done", 300, "the bag finishes");

        Assert.Equal(150, done.Completed);
        var failed = Assert.Single(done.FailedTasks);
        Assert.Equal((120, true, 124), (failed.Task, failed.TimedOut, failed.ExitCode));
        // Everything spent, sampling included, stays within what was spent at the choice plus the budget.
        Assert.Equal(chosen.UpperCost, done.Budget);
        Assert.True(done.MoneySpent <= ready.MoneySpent + done.Budget, $"spent {done.MoneySpent}, sampling {ready.MoneySpent}, budget {done.Budget}");
        Assert.All(done.Workers, w => Assert.Equal("Terminated", w.State));

        await StopAsync(user, service.Id);
    }

    [Fact]
    public async Task A_worker_killed_mid_task_has_its_tasks_run_elsewhere()
    {
        var user = await ApiUser.SignUpAsync(portal, "farm-kill");
        var service = await StartedFarmAsync(user);
        // Enough work that a replacement started after the kill (seconds later, more under load) still finds some.
        const int tasks = 480;
        await UploadAsync(user, service.Id, string.Concat(Enumerable.Range(0, tasks).Select(i => $"sleep 1; echo {i}\n")));
        await ServiceWaits.EventuallyAsync(() => ProgressAsync(user, service.Id), p => p.Phase == "Ready", 300, "sampling ends");
        await ExecuteFastestAsync(user, service.Id);

        var busy = await ServiceWaits.EventuallyAsync(() => ProgressAsync(user, service.Id),
            p => p.Completed > 10 && p.Workers.Any(w => w.InstanceType == "large" && w.State == "Running" && w.TasksRunning > 0), 120, "a large worker runs tasks");
        var victim = busy.Workers.First(w => w.InstanceType == "large" && w.State == "Running" && w.TasksRunning > 0);
        KillAgent(portal, victim.NodeId);
        // Every worker known now existed before the kill (a replacement needs the loss seen first, a step later).
        int before = (await ProgressAsync(user, service.Id)).Workers.Max(w => w.NodeId);

        var done = await ServiceWaits.EventuallyAsync(() => ProgressAsync(user, service.Id), p => p.Phase == "Done", 300, "the bag finishes");
        Assert.Equal(tasks, done.Completed);
        Assert.Equal(0, done.Failed);
        var outputs = await OutputsAsync(user, service.Id);
        Assert.Equal(Enumerable.Range(0, tasks), outputs.Select(o => o.Task));
        Assert.All(outputs, o => Assert.Equal($"{o.Task}\n", o.Stdout));
        // The victim's unfinished tasks ran on other workers, and the plan (far behind with the budget ten times
        // its price) got a worker in its place: a node created after the kill that came up and ran tasks.
        Assert.Contains(done.Workers, w => w.NodeId == victim.NodeId && w.State is "Failed" or "Terminated");
        Assert.True(outputs.Count(o => o.NodeId == victim.NodeId) < tasks);
        Assert.Contains(outputs, o => o.NodeId != victim.NodeId);
        Assert.True(done.Workers.Any(w => w.NodeId > before && w.StartedAt is not null && outputs.Any(o => o.NodeId == w.NodeId)),
            $"No worker was started in the place of node {victim.NodeId}. Workers: {string.Join("; ", done.Workers)}\n{portal.Log.Tail(200)}");

        await StopAsync(user, service.Id);
    }
}
