using ConPaaS.Domain.Errors;

namespace ConPaaS.Domain.Services;

/// <summary>The service types this installation offers, each with its node roles.</summary>
public static class ServiceTypeCatalog
{
    public static IReadOnlyList<ServiceType> All { get; } =
    [
        new("php", "PHP web hosting", "nginx and php-fpm behind a load-balancing proxy; code from git push or ZIP upload.", ["proxy", "web", "backend"]),
        new("java", "Java web hosting", "Servlet containers behind a load-balancing proxy; code as a WAR.", ["proxy", "web", "backend"]),
        new("mysql", "MySQL database", "MariaDB with a master and replicas in one click.", ["master", "slave"])
        {
            KeptOnStop = "Its databases are saved first (a consistent dump kept by the portal) and restored when it starts again.",
            // 2014 guide: slaves are replicas; 2016 (Galera): mysql counts every server, the master too, and glb,
            // the load balancer, is the master's read address, which needs no node.
            RoleAliases = new Dictionary<string, (string? Role, Func<int, int> Count)>
            {
                ["slaves"] = ("slave", n => n),
                ["mysql"] = ("slave", n => Math.Max(0, n - 1)),
                ["glb"] = (null, _ => 0),
            },
        },
        new("storage", "Distributed file system", "A volume store with directory, metadata and storage nodes.", ["dir", "mrc", "osd"]),
        new("taskfarm", "TaskFarm", "Bag-of-tasks parameter sweeps within a budget.", ["worker"]),
    ];

    /// <summary>
    /// Nodes that run only the agent's self-test role: an admin's way to check that a cloud and the node
    /// machinery work, like the original's dummy driver. Offered only where enabled.
    /// </summary>
    public static ServiceType SelfTest { get; } =
        new("test", "Self-test", "Nodes running only the agent's self-test role.", ["test"]) { Hidden = true };

    public static ServiceType Get(string? key, bool includeHidden = false) =>
        All.Append(SelfTest).Where(t => includeHidden || !t.Hidden)
            .FirstOrDefault(t => string.Equals(t.Key, key?.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new InvalidInputException("type",
            $"Unknown service type '{key}'. Available types: {string.Join(", ", All.Select(t => t.Key))}.");

    /// <summary>The type's roles, or a clear refusal naming the ones it has.</summary>
    public static void EnsureRole(ServiceType type, string? role)
    {
        if (role is null || !type.Roles.Contains(role))
            throw new InvalidInputException("role",
                $"A {type.Key} service has no role '{role}'. Its roles: {string.Join(", ", type.Roles)}.");
    }
}
