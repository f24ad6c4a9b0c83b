using ConPaaS.Domain.Access;
using ConPaaS.Domain.Contracts;
using ConPaaS.Infrastructure.Events;
using ConPaaS.Infrastructure.Manifests;
using ConPaaS.Portal.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.Options;
using MudBlazor;

namespace ConPaaS.Portal.Components.Pages.Gallery;

/// <summary>The template gallery, manifest upload, and the user's deployments, live on their progress.</summary>
public sealed partial class Gallery
{
    private IReadOnlyList<TemplateDto> _templates = [];
    private IReadOnlyList<DeploymentDto> _deployments = [];
    private Caller? _caller;
    private bool _rollback;

    [Inject] public required TemplateGallery Templates { get; init; }
    [Inject] public required ManifestCommands Manifests { get; init; }
    [Inject] public required CurrentCaller CurrentCaller { get; init; }
    [Inject] public required ISnackbar Snackbar { get; init; }
    [Inject] public required IOptions<ManifestOptions> Options { get; init; }

    protected override async Task OnInitializedAsync()
    {
        _caller = await CurrentCaller.GetAsync();
        _templates = Templates.List();
        FollowEvents();
        await ReloadAsync();
    }

    protected override bool Concerns(PortalEvent portalEvent) =>
        portalEvent is DeploymentChanged && _caller is not null && portalEvent.OwnerId == _caller.UserId;

    protected override async Task ReloadAsync() => _deployments = (await Manifests.ListAsync(_caller!)).Take(10).ToList();

    private async Task DeployTemplateAsync((string Name, Dictionary<string, string> Variables, bool Rollback) request)
    {
        await Snackbar.TryRunAsync(async () =>
        {
            await using var bundle = await Templates.OpenBundleAsync(request.Name, CancellationToken.None);
            await Manifests.DeployAsync(_caller!, bundle, request.Variables, request.Rollback);
        }, $"Deploying {request.Name}…");
        await ReloadAsync();
    }

    private async Task UploadAsync(IBrowserFile file)
    {
        await Snackbar.TryRunAsync(async () =>
        {
            await using var upload = file.OpenReadStream(Options.Value.MaxFileBytes);
            await Manifests.DeployAsync(_caller!, upload, null, _rollback);
        }, $"Deploying {file.Name}…");
        await ReloadAsync();
    }

}
