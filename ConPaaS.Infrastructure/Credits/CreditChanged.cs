using ConPaaS.Infrastructure.Events;

namespace ConPaaS.Infrastructure.Credits;

/// <summary>The owner's balance, standing or history changed: credit pages and the warning banner re-render.</summary>
public sealed record CreditChanged(string OwnerId) : PortalEvent(OwnerId);
