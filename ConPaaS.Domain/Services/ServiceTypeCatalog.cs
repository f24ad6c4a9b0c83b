using ConPaaS.Domain.Errors;

namespace ConPaaS.Domain.Services;

/// <summary>The service types this installation offers, each with its node roles.</summary>
public static class ServiceTypeCatalog
{
    public static IReadOnlyList<ServiceType> All { get; } =
    [
        new("php", "PHP web hosting", "nginx and php-fpm behind a load-balancing proxy; code from git push or ZIP upload.", ["proxy", "web", "backend"]),
        new("java", "Java web hosting", "Servlet containers behind a load-balancing proxy; code as a WAR.", ["proxy", "web", "backend"]),
        new("mysql", "MySQL database", "MariaDB with a master and replicas in one click.", ["master", "slave"]),
        new("storage", "Distributed file system", "A volume store with directory, metadata and storage nodes.", ["dir", "mrc", "osd"]),
        new("taskfarm", "TaskFarm", "Bag-of-tasks parameter sweeps within a budget.", ["worker"]),
    ];

    public static ServiceType Get(string? key) =>
        All.FirstOrDefault(t => string.Equals(t.Key, key?.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new InvalidInputException("type",
            $"Unknown service type '{key}'. Available types: {string.Join(", ", All.Select(t => t.Key))}.");
}
