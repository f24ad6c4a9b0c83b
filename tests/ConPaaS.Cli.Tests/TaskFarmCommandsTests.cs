using ConPaaS.Cli.Tests.Support;
using ConPaaS.Domain.Contracts;

namespace ConPaaS.Cli.Tests;

/// <summary>upload_bot, schedules, select_schedule and progress on a taskfarm service, in demo mode (no machines).</summary>
public sealed class TaskFarmCommandsTests(PortalFixture portal) : IClassFixture<PortalFixture>, IAsyncLifetime
{
    private readonly Cps _cps = new();

    public async Task InitializeAsync() => await _cps.LoginAsync(portal.Url);

    public Task DisposeAsync()
    {
        _cps.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_bag_is_sampled_scheduled_within_a_budget_and_run_to_the_end_from_the_command_line()
    {
        var farm = await CreateFarmAsync();
        var bag = Write("sweep.bag", "# a sweep\n" + string.Join("\n", Enumerable.Range(1, 300).Select(i => $"echo point {i}")) + "\n");

        var uploaded = await _cps.RunAsync("upload_bot", farm.Name, bag, "--demo", "--wait");
        Assert.True(uploaded.ExitCode == 0, uploaded.ToString());
        Assert.Contains("[demo] Sampling: ", uploaded.Error);
        Assert.Contains($"Pick a schedule: 'cps schedules {farm.Id}'", uploaded.Output);
        Assert.DoesNotContain("..", uploaded.Output);

        var front = await _cps.JsonAsync<TaskFarmSchedulesDto>("schedules", farm.Name);
        Assert.Equal("Ready", front.Phase);
        Assert.True(front.Schedules.Count >= 2, $"{front.Schedules.Count} schedules");
        var table = await _cps.OkAsync("schedules", $"{farm.Id}");
        Assert.Contains("MACHINES", table);
        Assert.Contains($"{front.Schedules[0].Machines.First(m => m > 0)}×", table);
        Assert.Contains("cheapest", table); // the marks in words, not the API's names
        Assert.DoesNotContain("None", table);
        Assert.DoesNotContain("CheapestPlus", table);

        var cheapest = front.Schedules.Min(s => s.ExpectedCost);
        var tooPoor = await _cps.FailsAsync(2, "select_schedule", farm.Name, "--budget", $"{cheapest / 2}");
        Assert.Contains("cheapest", tooPoor.Error);
        await _cps.FailsAsync(2, "select_schedule", farm.Name, $"{front.Schedules.Count}");
        await _cps.FailsAsync(1, "select_schedule", farm.Name);
        await _cps.FailsAsync(1, "select_schedule", farm.Name, "0", "--budget", "5");

        // The fastest schedule the budget pays for at its upper bound (else the fastest expected to fit it).
        var budget = cheapest * 2;
        var chosen = front.Schedules.Where(s => s.UpperCost <= budget).MinBy(s => s.ExpectedSeconds)
            ?? front.Schedules.Where(s => s.ExpectedCost <= budget).MinBy(s => s.ExpectedSeconds)!;
        var executed = await _cps.RunAsync("select_schedule", farm.Name, "--budget", $"{budget}", "--wait");
        Assert.True(executed.ExitCode == 0, executed.ToString());
        Assert.Contains("[demo] Executing: ", executed.Error);
        Assert.StartsWith("[demo] Done: 300 of 300 tasks completed", executed.Output);

        var progress = await _cps.JsonAsync<TaskFarmProgressDto>("progress", farm.Name);
        Assert.Equal(("Done", 300), (progress.Phase, progress.Completed));
        Assert.Equal(budget, progress.Budget); // the typed budget is the limit, whatever the schedule's upper bound
        Assert.Equal(chosen.Index, (await _cps.JsonAsync<TaskFarmSchedulesDto>("schedules", farm.Name)).Chosen);
        Assert.StartsWith("[demo] Done: 300 of 300", await _cps.OkAsync("progress", $"{farm.Id}"));
        var noOutputs = await _cps.FailsAsync(2, "outputs", farm.Name, "-o", Path.Combine(_cps.ConfigDirectory, "outputs.zip"));
        Assert.Contains("demo bag runs no tasks", noOutputs.Error);
        Assert.False(File.Exists(Path.Combine(_cps.ConfigDirectory, "outputs.zip")));
    }

    [Fact]
    public async Task Bad_bags_and_wrong_services_are_refused_with_the_reason()
    {
        var farm = await CreateFarmAsync();

        var empty = await _cps.FailsAsync(2, "upload_bot", farm.Name, Write("empty.bag", "# nothing but a comment\n\n"), "--demo");
        Assert.Contains("has no commands", empty.Error);
        var binary = Path.Combine(_cps.ConfigDirectory, "binary.bag");
        await File.WriteAllBytesAsync(binary, [0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 0]);
        await _cps.FailsAsync(2, "upload_bot", farm.Name, binary, "--demo");
        var notRunning = await _cps.FailsAsync(2, "upload_bot", farm.Name, Write("one.bag", "true\n"));
        Assert.Contains("start it", notRunning.Error);

        var application = await _cps.JsonAsync<ApplicationDto>("createapp", PortalFixture.UniqueName("web"));
        var php = await _cps.JsonAsync<ServiceDto>("create", "php", $"{application.Id}");
        await _cps.FailsAsync(2, "schedules", $"{php.Id}");
        Assert.StartsWith($"Service {farm.Id} '{farm.Name}' offers no schedules yet", await _cps.OkAsync("schedules", farm.Name));
    }

    private async Task<ServiceDto> CreateFarmAsync()
    {
        var application = await _cps.JsonAsync<ApplicationDto>("createapp", PortalFixture.UniqueName("sweep"));
        return await _cps.JsonAsync<ServiceDto>("create", "taskfarm", $"{application.Id}", "--name", PortalFixture.UniqueName("farm"));
    }

    private string Write(string name, string text)
    {
        Directory.CreateDirectory(_cps.ConfigDirectory);
        var path = Path.Combine(_cps.ConfigDirectory, name);
        File.WriteAllText(path, text);
        return path;
    }
}
