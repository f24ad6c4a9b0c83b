using ConPaaS.Domain.Nodes;
using ConPaaS.Domain.Services;
using ConPaaS.Infrastructure.Data;
using ConPaaS.Infrastructure.Managers;
using Microsoft.EntityFrameworkCore;

namespace ConPaaS.Infrastructure.Services;

/// <summary>
/// The addresses of an application's services as environment variables for its other services: that is how a
/// PHP application finds its database (<c>MYSQL_HOST</c>, <c>MYSQL_PORT</c>, …), as in the original.
/// </summary>
public sealed class ApplicationEnvironment(IDbContextFactory<PortalDbContext> dbFactory, ManagerRegistry managers)
{
    public async Task<IReadOnlyDictionary<string, string>> ForAsync(Service service, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var siblings = await db.Services
            .Where(s => s.ApplicationId == service.ApplicationId && s.Id != service.Id
                && (s.State == ServiceState.Running || s.State == ServiceState.Adapting))
            .OrderBy(s => s.Id).ToListAsync(cancellationToken);
        var ids = siblings.Select(s => s.Id).ToList();
        var nodes = await db.Nodes.Where(n => ids.Contains(n.ServiceId) && n.State == NodeState.Running).ToListAsync(cancellationToken);

        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var sibling in siblings)
        {
            // The first service of a type wins a name; later ones stay reachable through the API.
            foreach (var (name, value) in managers.For(sibling.Type).ExportedEnvironment(sibling, nodes.Where(n => n.ServiceId == sibling.Id).ToList()))
                environment.TryAdd(name, value);
        }
        return environment;
    }
}
