using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using ConPaaS.Domain.Contracts;
using ConPaaS.Domain.TaskFarm;
using ConPaaS.Infrastructure.Services.TaskFarm;
using ConPaaS.Portal.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ConPaaS.Portal.Tests.TaskFarm;

/// <summary>
/// The local cloud with two instance types that differ in slots (tasks at once), a short task timeout, and two
/// machines per type at most.
/// </summary>
public sealed class TwoTypeFarmPortal : LocalCloudPortal
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("ConPaaS:Clouds:0:InstanceTypes:0:Name", "small");
        builder.UseSetting("ConPaaS:Clouds:0:InstanceTypes:0:PricePerHour", "0.05");
        builder.UseSetting("ConPaaS:Clouds:0:InstanceTypes:0:Slots", "1");
        builder.UseSetting("ConPaaS:Clouds:0:InstanceTypes:1:Name", "large");
        builder.UseSetting("ConPaaS:Clouds:0:InstanceTypes:1:PricePerHour", "0.2");
        builder.UseSetting("ConPaaS:Clouds:0:InstanceTypes:1:Slots", "4");
        builder.UseSetting("ConPaaS:TaskFarm:TaskTimeoutSeconds", "3");
        builder.UseSetting("ConPaaS:TaskFarm:MaxMachinesPerType", "2");
    }
}

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
        await UploadAsync(user, service.Id, string.Concat(Enumerable.Range(0, 240).Select(i => $"sleep 1; echo {i}\n")));
        await ServiceWaits.EventuallyAsync(() => ProgressAsync(user, service.Id), p => p.Phase == "Ready", 300, "sampling ends");
        var schedules = (await user.Http.GetFromJsonAsync<TaskFarmSchedulesDto>($"/api/v1/services/{service.Id}/schedules"))!;
        // A budget with room for replacements: the fastest schedule, and ten times its price.
        await AcceptAsync(user.Http.PostAsJsonAsync($"/api/v1/services/{service.Id}/execute", new TaskFarmExecuteRequest(schedules.Schedules[^1].UpperCost * 10)));

        var busy = await ServiceWaits.EventuallyAsync(() => ProgressAsync(user, service.Id),
            p => p.Completed > 10 && p.Workers.Any(w => w.InstanceType == "large" && w.State == "Running" && w.TasksRunning > 0), 120, "a large worker runs tasks");
        var victim = busy.Workers.First(w => w.InstanceType == "large" && w.State == "Running" && w.TasksRunning > 0);
        KillAgent(victim.NodeId);

        var done = await ServiceWaits.EventuallyAsync(() => ProgressAsync(user, service.Id), p => p.Phase == "Done", 300, "the bag finishes");
        Assert.Equal(240, done.Completed);
        Assert.Equal(0, done.Failed);
        var outputs = (await user.Http.GetFromJsonAsync<List<TaskFarmOutputDto>>($"/api/v1/services/{service.Id}/outputs"))!;
        Assert.Equal(Enumerable.Range(0, 240), outputs.Select(o => o.Task));
        Assert.All(outputs, o => Assert.Equal($"{o.Task}\n", o.Stdout));
        // The victim's unfinished tasks ran on other workers. (Whether the plan also starts a worker in its place
        // depends on the schedule the sampling offered and on timing; one loaded run did not: see issue 6's note.)
        Assert.Contains(done.Workers, w => w.NodeId == victim.NodeId && w.State is "Failed" or "Terminated");
        Assert.True(outputs.Count(o => o.NodeId == victim.NodeId) < 240);
        Assert.Contains(outputs, o => o.NodeId != victim.NodeId);

        await StopAsync(user, service.Id);
    }

    private void KillAgent(int nodeId)
    {
        var record = File.ReadAllText(Path.Combine(portal.DataDirectory, "nodes", $"node-{nodeId}", "node.json"));
        var pid = System.Text.Json.JsonDocument.Parse(record).RootElement.GetProperty("pid").GetInt32();
        Process.GetProcessById(pid).Kill(entireProcessTree: true);
    }

    private static async Task<ServiceDto> StartedFarmAsync(ApiUser user)
    {
        var app = await user.CreateApplicationAsync("farm");
        var service = await user.CreateServiceAsync(app.Id, "taskfarm");
        await AcceptAsync(user.Http.PostAsJsonAsync($"/api/v1/services/{service.Id}/start", new StartServiceRequest(null)));
        return await user.WaitForStateAsync(service.Id, "Running");
    }

    private static async Task UploadAsync(ApiUser user, int serviceId, string bag) =>
        await AcceptAsync(user.Http.PostAsync($"/api/v1/services/{serviceId}/bag", new StringContent(bag)));

    private static async Task StopAsync(ApiUser user, int serviceId)
    {
        await user.Http.PostAsync($"/api/v1/services/{serviceId}/stop", null);
        await user.WaitForStateAsync(serviceId, "Stopped");
    }

    private static async Task<TaskFarmProgressDto> ProgressAsync(ApiUser user, int serviceId) =>
        (await user.Http.GetFromJsonAsync<TaskFarmProgressDto>($"/api/v1/services/{serviceId}/progress"))!;

    private static async Task AcceptAsync(Task<HttpResponseMessage> call)
    {
        var response = await call;
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}
