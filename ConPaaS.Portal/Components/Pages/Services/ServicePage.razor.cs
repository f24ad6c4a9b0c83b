using ConPaaS.Domain.Access;
using ConPaaS.Domain.Contracts;
using ConPaaS.Domain.Errors;
using ConPaaS.Infrastructure.Catalog;
using ConPaaS.Infrastructure.Events;
using ConPaaS.Infrastructure.Operations;
using ConPaaS.Infrastructure.Services;
using ConPaaS.Portal.Components.Shared;
using Microsoft.AspNetCore.Components;

namespace ConPaaS.Portal.Components.Pages.Services;

/// <summary>One service as in the seed's screenshots: state, instances, scaling, startup script, history; all live.</summary>
public sealed partial class ServicePage
{
    private ServiceDto? _service;
    private IReadOnlyList<NodeDto> _nodes = [];
    private IReadOnlyList<CloudDto> _clouds = [];
    private bool _missing;
    private int _version;
    private Caller? _caller;

    [Parameter] public int Id { get; set; }

    [Inject] public required ServiceCommands Services { get; init; }
    [Inject] public required LifecycleCommands Lifecycle { get; init; }
    [Inject] public required CloudCatalog Clouds { get; init; }
    [Inject] public required CurrentCaller CurrentCaller { get; init; }

    protected override async Task OnInitializedAsync()
    {
        _caller = await CurrentCaller.GetAsync();
        _clouds = Clouds.List();
        FollowEvents();
    }

    protected override async Task OnParametersSetAsync() => await ReloadAsync();

    protected override bool Concerns(PortalEvent portalEvent) => portalEvent is ServiceChanged changed && changed.ServiceId == Id;

    protected override async Task ReloadAsync()
    {
        try
        {
            _service = await Services.GetAsync(_caller!, Id);
            _nodes = await Lifecycle.ListNodesAsync(_caller!, Id);
            _version++;
        }
        catch (NotFoundException)
        {
            (_service, _missing) = (null, true);
        }
    }
}
