using ConPaaS.Infrastructure.Events;

namespace ConPaaS.Infrastructure.Manifests;

/// <summary>A deployment moved on; its progress page re-renders.</summary>
public sealed record DeploymentChanged(string OwnerId, int DeploymentId) : PortalEvent(OwnerId);
