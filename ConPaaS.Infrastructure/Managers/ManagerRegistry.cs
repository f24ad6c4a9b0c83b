using ConPaaS.Domain.Services;

namespace ConPaaS.Infrastructure.Managers;

/// <summary>The manager of each service type: a registered one, or the catalogue default.</summary>
public sealed class ManagerRegistry(IEnumerable<ServiceManager> managers)
{
    private readonly Dictionary<string, ServiceManager> _byType = managers.ToDictionary(m => m.Type.Key, StringComparer.Ordinal);

    public ServiceManager For(string type) =>
        _byType.TryGetValue(type, out var manager)
            ? manager
            : new CatalogManager(ServiceTypeCatalog.Get(type, includeHidden: true));
}
