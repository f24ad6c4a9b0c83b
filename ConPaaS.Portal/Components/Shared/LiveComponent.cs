using ConPaaS.Infrastructure.Events;
using Microsoft.AspNetCore.Components;

namespace ConPaaS.Portal.Components.Shared;

/// <summary>
/// A component that shows live state: it reads what it shows again whenever the portal publishes an event
/// that concerns it (a service changed state, a deployment moved on, a charge was made), on the circuit's own
/// thread, and stops listening when the page goes away. A failure while reloading goes to the error boundary.
/// </summary>
public abstract class LiveComponent : ComponentBase, IDisposable
{
    private IDisposable? _subscription;

    [Inject] public required PortalEvents Events { get; init; }

    /// <summary>Starts listening; call it once the component knows whose events concern it.</summary>
    protected void FollowEvents() => _subscription ??= Events.Subscribe(OnPortalEventAsync);

    /// <summary>Whether the event changes what this component shows.</summary>
    protected abstract bool Concerns(PortalEvent portalEvent);

    /// <summary>Reads again what the component shows.</summary>
    protected abstract Task ReloadAsync();

    private async Task OnPortalEventAsync(PortalEvent portalEvent)
    {
        if (!Concerns(portalEvent))
            return;
        try
        {
            await InvokeAsync(async () =>
            {
                await ReloadAsync();
                StateHasChanged();
            });
        }
        catch (Exception failure)
        {
            await DispatchExceptionAsync(failure);
        }
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        GC.SuppressFinalize(this);
    }
}
