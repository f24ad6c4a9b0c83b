using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using ConPaaS.Domain.Contracts;
using ConPaaS.Domain.Nodes;
using ConPaaS.Infrastructure.Clouds;
using ConPaaS.Infrastructure.Data;
using ConPaaS.Infrastructure.Services.TaskFarm;
using ConPaaS.Portal.Tests.Lifecycle;
using ConPaaS.Portal.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ConPaaS.Portal.Tests.TaskFarm;

/// <summary>A bag through sampling, schedules and execution on real worker agents of the local cloud.</summary>
public sealed class TaskFarmEndToEndTests(LocalCloudFixture portal) : IClassFixture<LocalCloudFixture>
{
    [Fact]
    public async Task A_200_task_bag_runs_to_completion_with_every_output_and_the_billed_cost()
    {
        var user = await ApiUser.SignUpAsync(portal, "farm-main");
        var service = await StartedFarmAsync(user);
        // Task 0 writes more than the tail that comes back with a result; the others print their square.
        var bag = new StringBuilder("# squares\nhead -c 5000 /dev/zero | tr '\\0' x; echo; sleep 0.1\n");
        for (int i = 1; i < 200; i++)
            bag.Append($"echo $(({i}*{i})); sleep 0.1\n");

        var upload = await user.Http.PostAsync($"/api/v1/services/{service.Id}/bag", new StringContent(bag.ToString()));
        Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
        Assert.Equal("Sampling", (await upload.Content.ReadFromJsonAsync<TaskFarmProgressDto>())!.Phase);

        var ready = await ServiceWaits.EventuallyAsync(() => ProgressAsync(user, service.Id), p => p.Phase == "Ready", 240, "sampling ends");
        Assert.Equal(ready.SampleTarget, ready.Sampled);
        var schedules = (await user.Http.GetFromJsonAsync<TaskFarmSchedulesDto>($"/api/v1/services/{service.Id}/schedules"))!;
        Assert.NotEmpty(schedules.Schedules);
        Assert.NotEmpty(schedules.Types); // the cloud's instance types, as configured

        var fastest = schedules.Schedules[^1];
        var executedAt = DateTimeOffset.UtcNow;
        var execute = await user.Http.PostAsJsonAsync($"/api/v1/services/{service.Id}/execute", new TaskFarmExecuteRequest(fastest.ExpectedCost));
        Assert.Equal(HttpStatusCode.Accepted, execute.StatusCode);

        var done = await ServiceWaits.EventuallyAsync(() => ProgressAsync(user, service.Id), p => p.Phase == "Done", 300, "the bag finishes");
        Assert.Equal(200, done.Completed);
        Assert.Equal(0, done.Failed);
        // When the bag ended, as the portal saw it (scripts time a bag by it without polling fast).
        Assert.InRange(done.PhaseStartedAt!.Value, executedAt, DateTimeOffset.UtcNow);

        var outputs = (await user.Http.GetFromJsonAsync<List<TaskFarmOutputDto>>($"/api/v1/services/{service.Id}/outputs"))!;
        Assert.Equal(Enumerable.Range(0, 200), outputs.Select(o => o.Task));
        Assert.All(outputs.Skip(1), o => Assert.Equal($"{o.Task * o.Task}\n", o.Stdout));
        Assert.Equal(new string('x', 2047) + "\n", outputs[0].Stdout); // the tail only
        Assert.All(outputs, o => Assert.InRange(o.FinishedAt!.Value, o.FinishedAt.Value, done.PhaseStartedAt.Value));

        // The billing rule on the node records: every started hour of every worker at its type's price.
        var prices = schedules.Types.ToDictionary(t => t.Name, t => t.PricePerHour);
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var nodes = await db.Nodes.Where(n => n.ServiceId == service.Id).ToListAsync();
        Assert.All(nodes, n => Assert.Equal(NodeState.Terminated, n.State));
        decimal billed = nodes.Where(n => n.StartedAt is not null)
            .Sum(n => (decimal)Math.Ceiling(Math.Max(1e-9, (n.TerminatedAt!.Value - n.StartedAt!.Value).TotalHours)) * prices[n.InstanceType]);
        Assert.Equal(billed, done.MoneySpent);
        // The chosen budget bounds what execution spent beyond what sampling had already paid.
        Assert.Equal(fastest.ExpectedCost, done.Budget);
        Assert.NotNull(done.SpentBeforeExecution);
        Assert.InRange(done.MoneySpent - done.SpentBeforeExecution.Value, 0m, done.Budget!.Value);
        Assert.Equal(0, (await portal.Services.GetRequiredService<CloudRegistry>().Default.ListNodesAsync()).Count(c => nodes.Any(n => n.CloudNodeId == c.NodeId)));

        // The whole outputs, in one archive: collected from each worker before it was ended.
        using (var zip = new ZipArchive(await user.Http.GetStreamAsync($"/api/v1/services/{service.Id}/outputs.zip")))
        {
            Assert.Equal(new string('x', 5000) + "\n", await ReadEntryAsync(zip, "line-2/stdout"));
            for (int i = 1; i < 200; i++)
                Assert.Equal($"{i * i}\n", await ReadEntryAsync(zip, $"line-{i + 2}/stdout"));
            Assert.NotNull(zip.GetEntry("README.txt"));
            Assert.DoesNotContain(zip.Entries, e => e.FullName.EndsWith(".tail", StringComparison.Ordinal));
        }

        await user.Http.PostAsync($"/api/v1/services/{service.Id}/stop", null);
        await user.WaitForStateAsync(service.Id, "Stopped");
    }

    private static async Task<string> ReadEntryAsync(ZipArchive zip, string name)
    {
        var entry = zip.GetEntry(name) ?? throw new Xunit.Sdk.XunitException($"The archive has no {name}.");
        using var reader = new StreamReader(entry.Open());
        return await reader.ReadToEndAsync();
    }

    [Fact]
    public async Task Bad_bags_and_budgets_are_refused_with_the_reason()
    {
        var user = await ApiUser.SignUpAsync(portal, "farm-bad");
        var service = await StartedFarmAsync(user);
        var bagUrl = $"/api/v1/services/{service.Id}/bag";

        await ProblemAsync(user.Http.PostAsync(bagUrl, new ByteArrayContent([])), HttpStatusCode.BadRequest, "no commands");
        await ProblemAsync(user.Http.PostAsync(bagUrl, new ByteArrayContent([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2])), HttpStatusCode.BadRequest, "binary");
        await ProblemAsync(user.Http.PostAsync(bagUrl, new StringContent("echo ok\necho " + new string('x', 5000) + "\n")), HttpStatusCode.BadRequest, "Line 2");

        var small = await user.Http.PostAsync(bagUrl, new StringContent(string.Join('\n', Enumerable.Range(0, 10).Select(i => $"echo {i}"))));
        Assert.Equal(HttpStatusCode.Accepted, small.StatusCode);
        var tooSmall = (await small.Content.ReadFromJsonAsync<TaskFarmProgressDto>())!;
        Assert.Equal("TooSmall", tooSmall.Phase);
        Assert.Contains("Run it directly", tooSmall.Message);

        // Another user's service looks missing.
        var other = await ApiUser.SignUpAsync(portal, "farm-other");
        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.GetAsync($"/api/v1/services/{service.Id}/progress")).StatusCode);

        var direct = await user.Http.PostAsJsonAsync($"/api/v1/services/{service.Id}/execute", new TaskFarmExecuteRequest(null, RunDirectly: true));
        Assert.Equal(HttpStatusCode.Accepted, direct.StatusCode);
        var done = await ServiceWaits.EventuallyAsync(() => ProgressAsync(user, service.Id), p => p.Phase == "Done", 180, "the small bag runs directly");
        Assert.Equal(10, done.Completed);

        // A budget below the cheapest schedule, in demo mode (no machines needed for schedules).
        var demo = await user.Http.PostAsync(bagUrl + "?demo=true", new StringContent(string.Join('\n', Enumerable.Range(0, 1000).Select(i => $"echo {i}"))));
        Assert.Equal(HttpStatusCode.Accepted, demo.StatusCode);
        await ServiceWaits.EventuallyAsync(() => ProgressAsync(user, service.Id), p => p.Phase == "Ready", 60, "the demo samples");
        var problem = await ProblemAsync(user.Http.PostAsJsonAsync($"/api/v1/services/{service.Id}/execute", new TaskFarmExecuteRequest(0.001m)),
            HttpStatusCode.BadRequest, "below the cheapest schedule, which costs");
        Assert.Contains("budget", problem);

        // A budget that pays for no schedule's upper bound still buys one expected to fit, and stays the limit.
        var offered = (await user.Http.GetFromJsonAsync<TaskFarmSchedulesDto>($"/api/v1/services/{service.Id}/schedules"))!.Schedules;
        var tight = offered.Min(s => s.UpperCost) - 0.01m;
        Assert.True(tight >= offered[0].ExpectedCost, $"the demo's cheapest schedule costs {offered[0].ExpectedCost}, up to {offered[0].UpperCost}");
        var held = await user.Http.PostAsJsonAsync($"/api/v1/services/{service.Id}/execute", new TaskFarmExecuteRequest(tight));
        Assert.Equal(HttpStatusCode.Accepted, held.StatusCode);
        Assert.Equal(tight, (await held.Content.ReadFromJsonAsync<TaskFarmProgressDto>())!.Budget);
        // The demo shows its own fictional messages; a real run keeps this one on the page while it executes.
        Assert.Contains(FormattableString.Invariant($"held to a budget of {tight:0.00}"), portal.Services.GetRequiredService<FarmStore>().Load(service.Id).Message);

        await user.Http.PostAsync($"/api/v1/services/{service.Id}/stop", null);
        await user.WaitForStateAsync(service.Id, "Stopped");
    }

    private static async Task<ServiceDto> StartedFarmAsync(ApiUser user)
    {
        var app = await user.CreateApplicationAsync("farm");
        var service = await user.CreateServiceAsync(app.Id, "taskfarm");
        var started = await user.Http.PostAsJsonAsync($"/api/v1/services/{service.Id}/start", new StartServiceRequest(null));
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        return await user.WaitForStateAsync(service.Id, "Running");
    }

    private static async Task<TaskFarmProgressDto> ProgressAsync(ApiUser user, int serviceId) =>
        (await user.Http.GetFromJsonAsync<TaskFarmProgressDto>($"/api/v1/services/{serviceId}/progress"))!;

    private static async Task<string> ProblemAsync(Task<HttpResponseMessage> call, HttpStatusCode status, string contains)
    {
        var response = await call;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(body.Contains(contains, StringComparison.Ordinal), body);
        return body;
    }
}
