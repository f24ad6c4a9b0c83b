using System.Text;
using System.Text.Json;
using ConPaaS.Agent.Hosting;

namespace ConPaaS.Agent.Roles.MySql;

/// <summary>
/// <c>mysql-master</c>: the service's writable MariaDB, with binary logging and GTIDs so that replicas can
/// follow it. Its data folder is created at the first start and reused by every later one. The accounts
/// (admin and replication) are made to match the settings at every start and reconfiguration.
/// </summary>
public sealed class MySqlMasterRole(
    NodeFolders folders, AgentOptions options, WorkloadIdentity workload, IHostApplicationLifetime lifetime, ILogger<MySqlMasterRole> logger)
    : MySqlRoleBase(RoleName, writesBinlog: true, folders, options, workload, lifetime, logger)
{
    public const string RoleName = "mysql-master";

    // The service's account may create, use and drop databases of its own, with everything in them (tables, views,
    // routines, triggers, events, temporary tables, locks), but holds no global privilege that reaches the node or
    // the server (FILE, SUPER and the privileges split from it, SHUTDOWN, PROCESS, RELOAD, CREATE USER, GRANT
    // OPTION, REPLICATION, BINLOG ADMIN, ...): its SQL may do what the user may do, no more. `%`.* matches every
    // database name, the system ones too; the grants on `mysql` and `sys` below are matched first (an exact name
    // before a pattern) and give almost nothing, so the account can neither read the accounts' table nor write it.
    private static readonly string[] SystemSchemas = ["mysql", "sys"];

    // What a replica's account needs to replicate, and to take the consistent snapshot it starts from
    // (mariadb-dump --single-transaction --master-data reads every table and briefly flushes them).
    private const string ReplicationPrivileges = "SELECT, RELOAD, LOCK TABLES, REPLICATION SLAVE, BINLOG MONITOR, SHOW VIEW, TRIGGER, EVENT";

    private MySqlMasterSettings? _settings;
    private readonly MySqlReadBalancer _reads = new(logger);

    /// <summary>
    /// Changes the admin password on the master; the ALTER USER goes through the binary log, so the replicas
    /// change it too. Later starts and reconfigurations keep the new password until the manager sends another.
    /// </summary>
    internal async Task SetAdminPasswordAsync(string password, CancellationToken cancellationToken)
    {
        EnsureServing();
        MySqlAccountRules.CheckAdminPassword(password, "password");
        var settings = _settings!;
        await LocalClient.ExecuteAsync(
            $"ALTER USER {SqlText.Account(settings.AdminUser)} IDENTIFIED BY PASSWORD '{SqlText.NativePasswordHash(password)}';",
            cancellationToken, carriesSecret: true);
        _settings = settings.WithAdminPassword(password);
        Logger.LogInformation("The admin password of {User} was changed", settings.AdminUser);
    }

    private protected override async Task ApplySettingsAsync(JsonElement settings, CancellationToken cancellationToken)
    {
        var parsed = settings.Deserialize(MySqlJsonContext.Default.MySqlMasterSettings)
            ?? throw new InvalidRoleSettingsException("The mysql-master role needs settings.");
        parsed.Validate();
        _settings = parsed;
        if (IsServing)
        {
            await EnsureAccountsAsync(cancellationToken);
            PointReads();
        }
    }

    /// <summary>The read-only address follows the replica list of the latest settings; the master itself while there is none.</summary>
    private void PointReads()
    {
        var settings = _settings!;
        var address = System.Net.IPAddress.Parse(Options.Address);
        var targets = settings.ReadReplicas is not { Count: > 0 } replicas
            ? [new System.Net.IPEndPoint(address, settings.Port)]
            : replicas.Select(System.Net.IPEndPoint.Parse).ToList();
        _reads.Point(address, settings.ReadPort, targets);
    }

    /// <summary>
    /// Loads a dump as the service's own account, with its rights and no more (the dump is the user's SQL), from a
    /// client run as the workload's user with its own commands disabled. The account's password reaches the client
    /// in an option file in the server's temporary folder, removed as soon as the load ends.
    /// </summary>
    internal async Task<MySqlDumpLoadResult> LoadDumpAsync(string sqlPath, long bytes, string? database, Action<long> progress, CancellationToken cancellationToken)
    {
        EnsureServing();
        var settings = _settings!;
        var optionFile = Path.Combine(Layout.TempDirectory, $"load-{Guid.NewGuid():N}.cnf");
        await MySqlOptionFile.WriteAsync(optionFile,
        [
            new("user", settings.AdminUser),
            new("password", settings.AdminPassword),
            new("socket", Layout.Socket),
        ], readBy: Workload, cancellationToken);
        try
        {
            string[] arguments = [$"--defaults-file={optionFile}", "--batch", .. MySqlTools.SandboxArguments, .. database is null ? Array.Empty<string>() : [$"--database={database}"]];
            return await MySqlDumpLoader.LoadAsync(arguments, Workload, sqlPath, bytes, progress, cancellationToken);
        }
        finally
        {
            File.Delete(optionFile);
        }
    }

    private protected override Task BeforeServerStopsAsync(CancellationToken cancellationToken)
    {
        _reads.Stop();
        return Task.CompletedTask;
    }

    private protected override async Task StartServerAsync(CancellationToken cancellationToken)
    {
        var settings = _settings!;
        var firstStart = !Server.IsInitialized;
        ReportProgress(firstStart ? "Creating the database server." : "Starting MariaDB.");
        await Server.PrepareAsync(InstanceSettings(settings.Port, settings.ServerId, readOnly: false), cancellationToken);
        await Server.StartAsync(cancellationToken);
        if (firstStart)
        {
            // mariadb-install-db may create anonymous accounts; they would shadow password logins from other hosts.
            await LocalClient.ExecuteAsync("DELETE FROM mysql.global_priv WHERE User = ''; FLUSH PRIVILEGES;", cancellationToken);
        }
        await EnsureAccountsAsync(cancellationToken);
        if (firstStart)
            Server.MarkInitialized();
        PointReads();
    }

    /// <summary>
    /// Creates or updates both accounts. Idempotent; its statements replicate like any other. Global privileges of
    /// the service's account are taken back first (an earlier agent gave it ALL ON *.* WITH GRANT OPTION); sessions
    /// already open keep theirs until they reconnect, so nothing in flight fails.
    /// </summary>
    private Task EnsureAccountsAsync(CancellationToken cancellationToken)
    {
        var settings = _settings!;
        var admin = SqlText.Account(settings.AdminUser);
        var adminHash = SqlText.NativePasswordHash(settings.AdminPassword);
        var replication = SqlText.Account(settings.ReplicationUser);
        var replicationHash = SqlText.NativePasswordHash(settings.ReplicationPassword);
        var sql = new StringBuilder()
            .AppendLine($"CREATE USER IF NOT EXISTS {admin} IDENTIFIED BY PASSWORD '{adminHash}';")
            .AppendLine($"ALTER USER {admin} IDENTIFIED BY PASSWORD '{adminHash}';")
            // No READ_ONLY ADMIN either: the account cannot write on a read-only replica, where a stray write would
            // give the replica GTIDs of its own and break replication.
            .AppendLine($"REVOKE ALL PRIVILEGES ON *.* FROM {admin};")
            .AppendLine($"REVOKE GRANT OPTION ON *.* FROM {admin};")
            .AppendLine($"GRANT SHOW DATABASES ON *.* TO {admin};")
            .AppendLine($"GRANT ALL PRIVILEGES ON `%`.* TO {admin};");
        foreach (var schema in SystemSchemas)
            sql.AppendLine($"GRANT SHOW VIEW ON `{schema}`.* TO {admin};");
        sql
            .AppendLine($"CREATE USER IF NOT EXISTS {replication} IDENTIFIED BY PASSWORD '{replicationHash}';")
            .AppendLine($"ALTER USER {replication} IDENTIFIED BY PASSWORD '{replicationHash}';")
            .AppendLine($"GRANT {ReplicationPrivileges} ON *.* TO {replication};");
        return LocalClient.ExecuteAsync(sql.ToString(), cancellationToken, carriesSecret: true);
    }
}
