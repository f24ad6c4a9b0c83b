using ConPaaS.Domain.Access;
using ConPaaS.Domain.Contracts;
using ConPaaS.Infrastructure.Applications;
using ConPaaS.Infrastructure.Events;
using ConPaaS.Portal.Components.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace ConPaaS.Portal.Components.Pages.Dashboard;

/// <summary>The signed-in user's applications and services, kept live by the portal's event stream.</summary>
public sealed partial class Dashboard
{
    private IReadOnlyList<ApplicationDto>? _applications;
    private Caller? _caller;

    [Inject] public required ApplicationCommands Applications { get; init; }
    [Inject] public required CurrentCaller CurrentCaller { get; init; }
    [Inject] public required IDialogService DialogService { get; init; }
    [Inject] public required ISnackbar Snackbar { get; init; }

    protected override async Task OnInitializedAsync()
    {
        _caller = await CurrentCaller.GetAsync();
        FollowEvents();
        await ReloadAsync();
    }

    protected override bool Concerns(PortalEvent portalEvent) => _caller is not null && _caller.MaySee(portalEvent.OwnerId);

    protected override async Task ReloadAsync() => _applications = await Applications.ListAsync(_caller!);

    private async Task CreateApplicationAsync()
    {
        var name = await DialogService.AskNameAsync("New application", submitText: "Create");
        if (name is null)
            return;
        if (await Snackbar.TryRunAsync(() => Applications.CreateAsync(_caller!, name), $"Application '{name}' created."))
            await ReloadAsync();
    }

}
