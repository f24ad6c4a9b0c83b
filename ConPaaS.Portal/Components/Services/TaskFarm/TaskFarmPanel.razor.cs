using System.Globalization;
using ConPaaS.Domain.Contracts;
using ConPaaS.Infrastructure.Events;
using ConPaaS.Infrastructure.Services.TaskFarm;
using ConPaaS.Portal.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;

namespace ConPaaS.Portal.Components.Services.TaskFarm;

/// <summary>The TaskFarm: upload a bag, follow sampling, pick a schedule or a budget, follow execution. Live on ServiceChanged.</summary>
public sealed partial class TaskFarmPanel
{
    private const long MaxBagBytes = 64 * 1024 * 1024;

    private TaskFarmProgressDto? _progress;
    private TaskFarmSchedulesDto? _schedules;
    private decimal? _budget;
    private bool _demo;

    [Parameter, EditorRequired] public ServiceDto Service { get; set; } = default!;

    [Inject] public required TaskFarmCommands Farm { get; init; }
    [Inject] public required CurrentCaller CurrentCaller { get; init; }
    [Inject] public required ISnackbar Snackbar { get; init; }

    protected override async Task OnInitializedAsync()
    {
        await ReloadAsync();
        FollowEvents();
    }

    protected override bool Concerns(PortalEvent portalEvent) => portalEvent is ServiceChanged changed && changed.ServiceId == Service.Id;

    protected override async Task ReloadAsync()
    {
        var caller = await CurrentCaller.GetAsync();
        _progress = await Farm.ProgressAsync(caller, Service.Id);
        _schedules = await Farm.SchedulesAsync(caller, Service.Id);
    }

    /// <summary>What the typed budget would run, by the rule the portal applies when it is run.</summary>
    private string? BudgetPreview(IReadOnlyList<TaskFarmScheduleDto> schedules)
    {
        if (_budget is not { } budget)
            return null;
        var chosen = new ScheduleFrontView(schedules).FastestWithinOrNull(budget);
        if (chosen is null)
            return string.Create(CultureInfo.InvariantCulture, $"Below the cheapest schedule, which costs {schedules[0].ExpectedCost:0.00}.");
        var expected = string.Create(CultureInfo.InvariantCulture,
            $"Runs schedule #{chosen.Index}: about {chosen.ExpectedSeconds / 3600:0.000} h for {chosen.ExpectedCost:0.00}");
        return chosen.UpperCost <= budget
            ? string.Create(CultureInfo.InvariantCulture, $"{expected} (at most {chosen.UpperSeconds / 3600:0.000} h and {chosen.UpperCost:0.00} at its upper bound).")
            : string.Create(CultureInfo.InvariantCulture,
                $"{expected}, held to the budget: below its upper-bound cost of {chosen.UpperCost:0.00}, so a long bag may end after {chosen.UpperSeconds / 3600:0.000} h.");
    }

    private static double Percent(int done, int total) => total == 0 ? 0 : 100.0 * done / total;

    private async Task UploadAsync(IBrowserFile file)
    {
        var caller = await CurrentCaller.GetAsync();
        await Snackbar.TryRunAsync(async () =>
        {
            using var buffer = new MemoryStream();
            await using (var stream = file.OpenReadStream(MaxBagBytes))
                await stream.CopyToAsync(buffer);
            _progress = await Farm.UploadBagAsync(caller, Service.Id, buffer.ToArray(), _demo);
        }, "Bag uploaded.");
        await ReloadAsync();
    }

    private async Task SelectAsync(int index) =>
        await RunAsync(caller => Farm.SelectAsync(caller, Service.Id, index));

    private async Task ExecuteAsync() =>
        await RunAsync(caller => Farm.ExecuteAsync(caller, Service.Id, new TaskFarmExecuteRequest(_budget)));

    private async Task RunDirectlyAsync() =>
        await RunAsync(caller => Farm.ExecuteAsync(caller, Service.Id, new TaskFarmExecuteRequest(null, RunDirectly: true)));

    private async Task RunAsync(Func<Domain.Access.Caller, Task<TaskFarmProgressDto>> command)
    {
        var caller = await CurrentCaller.GetAsync();
        await Snackbar.TryRunAsync(async () => _progress = await command(caller), "Executing.");
        await ReloadAsync();
    }

}
