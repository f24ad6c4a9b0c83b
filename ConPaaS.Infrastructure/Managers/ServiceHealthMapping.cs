using ConPaaS.Domain.Contracts;
using ConPaaS.Domain.Nodes;
using ConPaaS.Domain.Services;

namespace ConPaaS.Infrastructure.Managers;

/// <summary>Fills a service's health into what the portal, the API and <c>cps</c> show of it.</summary>
public static class ServiceHealthMapping
{
    /// <param name="liveNodes">The service's running and failed nodes.</param>
    public static ServiceDto WithHealth(this ManagerRegistry managers, ServiceDto dto, Service service, IReadOnlyList<Node> liveNodes) =>
        ServiceHealth.Of(service.State, liveNodes, managers.For(service.Type).EssentialRoles) is { } health
            ? dto with { Health = health.Status.ToString(), HealthReason = health.Reason }
            : dto;
}
