using System.Collections.Immutable;

namespace ConPaaS.Infrastructure.Events;

/// <summary>
/// The in-process event stream that keeps open pages live. State is always persisted first, so a
/// subscriber that misses an event loses nothing: it re-reads the truth on the next one or on reload.
/// </summary>
public sealed class PortalEvents
{
    private ImmutableList<Func<PortalEvent, Task>> _subscribers = [];

    public IDisposable Subscribe(Func<PortalEvent, Task> handler)
    {
        ImmutableInterlocked.Update(ref _subscribers, list => list.Add(handler));
        return new Subscription(() => ImmutableInterlocked.Update(ref _subscribers, list => list.Remove(handler)));
    }

    public void Publish(PortalEvent portalEvent)
    {
        foreach (var subscriber in _subscribers)
        {
            // Fire and forget: a slow or broken page must never hold up the command that published.
            _ = Deliver(subscriber, portalEvent);
        }
    }

    private static async Task Deliver(Func<PortalEvent, Task> subscriber, PortalEvent portalEvent)
    {
        try
        {
            await subscriber(portalEvent);
        }
        catch (Exception)
        {
            // The subscriber (a page) reports its own failures; the stream carries on for the others.
        }
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private Action? _dispose = dispose;

        public void Dispose() => Interlocked.Exchange(ref _dispose, null)?.Invoke();
    }
}
