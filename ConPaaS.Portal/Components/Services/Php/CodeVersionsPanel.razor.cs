using ConPaaS.Domain.Contracts;
using ConPaaS.Infrastructure.Code;
using ConPaaS.Infrastructure.Operations;
using ConPaaS.Portal.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;

namespace ConPaaS.Portal.Components.Services.Php;

/// <summary>The seed's "code management": upload an archive, choose the version to run, download or delete one.</summary>
public sealed partial class CodeVersionsPanel
{
    private IReadOnlyList<CodeVersionDto> _versions = [];
    private string? _description;
    private bool _uploading;
    private (string?, int)? _loadedFor;

    [Parameter, EditorRequired] public ServiceDto Service { get; set; } = default!;

    [Inject] public required CodeCommands Code { get; init; }
    [Inject] public required LifecycleCommands Lifecycle { get; init; }
    [Inject] public required CurrentCaller CurrentCaller { get; init; }
    [Inject] public required IDialogService DialogService { get; init; }
    [Inject] public required ISnackbar Snackbar { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }

    private string GitUrl => $"{Navigation.BaseUri}git/{Service.Id}.git";

    protected override async Task OnParametersSetAsync()
    {
        // Reload when the active version changes (after an activation) or on first render.
        if (_loadedFor == (Service.ActiveCodeVersion, Service.Id))
            return;
        _loadedFor = (Service.ActiveCodeVersion, Service.Id);
        await ReloadAsync();
    }

    private async Task ReloadAsync() => _versions = await Code.ListAsync(await CurrentCaller.GetAsync(), Service.Id);

    private async Task UploadAsync(IBrowserFile file)
    {
        _uploading = true;
        var caller = await CurrentCaller.GetAsync();
        var userName = await CurrentCaller.UserNameAsync();
        await Snackbar.TryRunAsync(async () =>
        {
            await using var stream = file.OpenReadStream(Code.MaxUploadBytes);
            var version = await Code.UploadAsync(caller, Service.Id, stream, file.Name, _description, userName);
            Snackbar.Add($"Uploaded as version {version.Id}. Activate it to serve it.", Severity.Success);
        });
        (_uploading, _description) = (false, null);
        await ReloadAsync();
    }

    private async Task ActivateAsync(CodeVersionDto version)
    {
        var caller = await CurrentCaller.GetAsync();
        await Snackbar.TryRunAsync(() => Lifecycle.ActivateVersionAsync(caller, Service.Id, version.Id), $"Switching to {version.Id}.");
    }

    private async Task DeleteAsync(CodeVersionDto version)
    {
        if (!await DialogService.ConfirmAsync("Delete code version", $"Delete version {version.Id} ({version.Message})?"))
            return;
        var caller = await CurrentCaller.GetAsync();
        await Snackbar.TryRunAsync(() => Code.DeleteAsync(caller, Service.Id, version.Id), $"Version {version.Id} deleted.");
        await ReloadAsync();
    }

    private async Task SetDeployOnPushAsync(bool enabled)
    {
        var caller = await CurrentCaller.GetAsync();
        await Snackbar.TryRunAsync(() => Lifecycle.SetDeployOnPushAsync(caller, Service.Id, enabled));
    }
}
