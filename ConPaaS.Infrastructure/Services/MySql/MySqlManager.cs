using System.Text.Json;
using ConPaaS.Domain.Contracts;
using ConPaaS.Domain.Errors;
using ConPaaS.Domain.Nodes;
using ConPaaS.Domain.Operations;
using ConPaaS.Domain.Services;
using ConPaaS.Infrastructure.Accounts;
using ConPaaS.Infrastructure.Agents;
using ConPaaS.Infrastructure.Managers;

namespace ConPaaS.Infrastructure.Services.MySql;

/// <summary>
/// MySQL as MariaDB: one master, and replicas seeded from a consistent snapshot of it that follow it by GTID
/// replication. The administrator password is the user's; the replication account's is generated. Both are
/// kept encrypted in the service's secrets and sent to the agents only in role settings.
/// </summary>
public sealed class MySqlManager(ServiceSecrets secrets, MySqlDumpLoading dumpLoading, MySqlSnapshots snapshots) : ServiceManager
{
    private const string Master = "master", Slave = "slave";

    public override ServiceType Type { get; } = ServiceTypeCatalog.Get("mysql");

    public override IReadOnlyList<IReadOnlyList<string>> InitialNodes => [[Master]];

    public override void EnsureRemovable(IReadOnlyList<Node> liveNodes, IReadOnlyList<Node> leaving)
    {
        if (leaving.Any(n => n.HasRole(Master)))
            throw new ConflictException("The master holds the data; it cannot be removed while the service runs. Remove replicas, or stop the service.");
        base.EnsureRemovable(liveNodes, leaving);
    }

    /// <summary>A fresh master would be empty: a failed master waits for a person, replicas are re-seeded.</summary>
    public override bool CanReplace(Node failed) => !failed.HasRole(Master);

    public override IReadOnlyList<string> EssentialRoles => [Master];

    public override async Task ConfigureAsync(ManagerContext context, CancellationToken cancellationToken)
    {
        var service = context.Service;
        var admin = secrets.Get(service, MySqlPasswords.AdminSecret)
            ?? throw new ManagerException("The service has no administrator password; set one first.");
        var replication = secrets.Get(service, MySqlPasswords.ReplicationSecret);
        if (replication is null)
        {
            replication = SecretGenerator.Password(24).Replace("-", "");
            secrets.Set(service, MySqlPasswords.ReplicationSecret, replication);
        }

        var master = context.WithRole(Master).SingleOrDefault()
            ?? throw new ManagerException("The service has no running master node.");
        MySqlMasterRoleSettings MasterSettings(IEnumerable<Node> readers) => new(
            MySqlPasswords.AdminUser, admin, MySqlPasswords.ReplicationUser, replication, (uint)master.Id,
            ReadReplicas: readers.Select(r => $"{r.Address}:3306").ToList());

        // Reads go to the master until every replica is seeded and follows it; then they spread over the replicas.
        await ConfigureAndStartAsync(context, master, AgentMySqlRoles.Master, Settings(MasterSettings([])), cancellationToken);
        // A start after a stop: the databases the stop kept come back before replicas copy the master.
        await snapshots.RestoreIntoNewMasterAsync(service.Id, master, context.Progress, cancellationToken);
        var replicas = context.WithRole(Slave).ToList();
        foreach (var replica in replicas)
        {
            await ConfigureAndStartAsync(context, replica, AgentMySqlRoles.Slave, Settings(new MySqlSlaveRoleSettings(
                master.Address!, MySqlPasswords.ReplicationUser, replication, ServerId: (uint)replica.Id)), cancellationToken);
        }
        if (replicas.Count > 0)
            await ConfigureAndStartAsync(context, master, AgentMySqlRoles.Master, Settings(MasterSettings(replicas)), cancellationToken);
    }

    /// <summary>
    /// The master leaves only when the whole service stops: its databases are saved first, and a stop that cannot
    /// save them fails with every node still running, rather than lose them.
    /// </summary>
    public override async Task RetireAsync(ManagerContext context, IReadOnlyList<Node> leaving, CancellationToken cancellationToken)
    {
        if (leaving.FirstOrDefault(n => n.HasRole(Master) && n.Address is not null) is { } master)
        {
            await context.Progress("Saving the databases before the nodes stop", 0, 1);
            try
            {
                var kept = await snapshots.TakeAsync(context.Service.Id, ManagerContext.Endpoint(master), cancellationToken);
                await context.Progress($"Saved the databases ({kept.Bytes / 1024} KiB)", 1, 1);
            }
            catch (AgentException failure)
            {
                throw new DataNotSavedException(
                    $"The databases could not be saved, so the service keeps running and nothing is lost: {failure.Message} Repair the master (or remove its failed replicas) and stop again.");
            }
        }
        await base.RetireAsync(context, leaving, cancellationToken);
    }

    /// <summary>load_dump: the upload runs on the master; its failure leaves the service running.</summary>
    public override Task RunOwnOperationAsync(ManagerContext context, Operation operation, OperationProgress progress, CancellationToken cancellationToken)
    {
        if (operation.Kind != OperationKind.LoadDump)
            return base.RunOwnOperationAsync(context, operation, progress, cancellationToken);
        var master = context.WithRole(Master).SingleOrDefault()
            ?? throw new ManagerException("The service has no running master node.");
        return dumpLoading.RunAsync(context, ManagerContext.Endpoint(master), operation, progress, cancellationToken);
    }

    public override IReadOnlyDictionary<string, string> ExportedEnvironment(Service service, IReadOnlyList<Node> nodes)
    {
        var master = nodes.FirstOrDefault(n => n.HasRole(Master) && n.Address is not null);
        if (master is null)
            return new Dictionary<string, string>();
        var environment = new Dictionary<string, string>
        {
            ["MYSQL_HOST"] = master.Address!,
            ["MYSQL_PORT"] = "3306",
            ["MYSQL_USER"] = MySqlPasswords.AdminUser,
        };
        // The application needs the password to connect, as the original's startup scripts had it.
        if (secrets.Get(service, MySqlPasswords.AdminSecret) is { } password)
            environment["MYSQL_PASSWORD"] = password;
        return environment;
    }

    public override ServiceAccessDto? Access(IReadOnlyList<Node> nodes) =>
        nodes.FirstOrDefault(n => n.HasRole(Master) && n.Address is not null) is { } master
            ? new ServiceAccessDto(master.Address!, 3306, MySqlPasswords.AdminUser, $"mysql -h {master.Address} -P 3306 -u {MySqlPasswords.AdminUser} -p", ReadPort: 3307)
            : null;

    private static JsonElement Settings<T>(T settings) => JsonSerializer.SerializeToElement(settings, JsonSerializerOptions.Web);
}
