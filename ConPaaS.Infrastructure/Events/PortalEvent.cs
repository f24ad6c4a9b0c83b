namespace ConPaaS.Infrastructure.Events;

/// <summary>Something a page showing <see cref="OwnerId"/>'s applications should re-render for.</summary>
public abstract record PortalEvent(string OwnerId);

public sealed record ApplicationChanged(string OwnerId, int ApplicationId) : PortalEvent(OwnerId);

public sealed record ServiceChanged(string OwnerId, int ApplicationId, int ServiceId) : PortalEvent(OwnerId);
