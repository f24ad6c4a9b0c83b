using System.Globalization;
using System.Text.Json;
using ConPaaS.Agent.Hosting;

namespace ConPaaS.Agent.Roles.MySql;

/// <summary>
/// <c>mysql-slave</c>: a read-only replica. At its first start it copies a consistent snapshot of the master,
/// then replicates from the snapshot's GTID position; later starts reuse the data and resume. Stopping it
/// (as when the replica is removed) stops replication first, then the server.
/// </summary>
public sealed class MySqlSlaveRole(
    NodeFolders folders, AgentOptions options, WorkloadIdentity workload, IHostApplicationLifetime lifetime, ILogger<MySqlSlaveRole> logger)
    : MySqlRoleBase(RoleName, writesBinlog: false, folders, options, workload, lifetime, logger)
{
    public const string RoleName = "mysql-slave";

    private MySqlSlaveSettings? _settings;

    internal async Task<MySqlReplicaStatus> GetReplicaStatusAsync(CancellationToken cancellationToken)
    {
        EnsureServing();
        var settings = _settings!;
        var rows = await LocalClient.QueryAsync("SHOW SLAVE STATUS;", cancellationToken);
        var position = await LocalClient.QueryAsync("SELECT @@GLOBAL.gtid_slave_pos AS position;", cancellationToken);
        var gtid = position.Count > 0 ? position[0]["position"] ?? "" : "";
        if (rows.Count == 0)
            return new MySqlReplicaStatus(settings.MasterAddress, settings.MasterPort, false, false, "No", null, gtid, "Replication is not set up.");
        var row = rows[0];
        var ioState = row.GetValueOrDefault("Slave_IO_Running") ?? "No";
        var lastError = new[] { row.GetValueOrDefault("Last_IO_Error"), row.GetValueOrDefault("Last_SQL_Error") }
            .FirstOrDefault(error => !string.IsNullOrEmpty(error));
        return new MySqlReplicaStatus(
            settings.MasterAddress,
            settings.MasterPort,
            ioState == "Yes",
            row.GetValueOrDefault("Slave_SQL_Running") == "Yes",
            ioState,
            long.TryParse(row.GetValueOrDefault("Seconds_Behind_Master"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var lag) ? lag : null,
            gtid,
            lastError);
    }

    private protected override Task ApplySettingsAsync(JsonElement settings, CancellationToken cancellationToken)
    {
        var parsed = settings.Deserialize(MySqlJsonContext.Default.MySqlSlaveSettings)
            ?? throw new InvalidRoleSettingsException("The mysql-slave role needs settings.");
        parsed.Validate();
        _settings = parsed;
        // A running replica follows a new master (or new credentials) at once, from the position it has reached.
        return IsServing ? FollowMasterAsync(cancellationToken) : Task.CompletedTask;
    }

    private protected override async Task StartServerAsync(CancellationToken cancellationToken)
    {
        var settings = _settings!;
        ReportProgress("Starting MariaDB.");
        await Server.PrepareAsync(InstanceSettings(settings.Port, settings.ServerId, readOnly: true), cancellationToken);
        await Server.StartAsync(cancellationToken);
        if (!Server.IsInitialized)
        {
            ReportProgress($"Copying the master's data from {settings.MasterAddress}:{settings.MasterPort}.");
            Logger.LogInformation("Seeding the replica from {Master}:{Port}", settings.MasterAddress, settings.MasterPort);
            await new MySqlReplicaSeeder(Server.Layout, LocalClient).SeedAsync(settings, cancellationToken);
            Server.MarkInitialized();
        }
        await FollowMasterAsync(cancellationToken);
    }

    private protected override Task BeforeServerStopsAsync(CancellationToken cancellationToken) =>
        LocalClient.ExecuteAsync("STOP SLAVE;", cancellationToken);

    /// <summary>(Re)points replication at the master, continuing from the replica's own GTID position.</summary>
    private Task FollowMasterAsync(CancellationToken cancellationToken)
    {
        var settings = _settings!;
        var sql = "STOP SLAVE;\n"
            + $"CHANGE MASTER TO MASTER_HOST={SqlText.Literal(settings.MasterAddress)}, "
            + string.Create(CultureInfo.InvariantCulture, $"MASTER_PORT={settings.MasterPort}, ")
            + $"MASTER_USER={SqlText.Literal(settings.ReplicationUser)}, MASTER_PASSWORD={SqlText.Literal(settings.ReplicationPassword)}, "
            + "MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=5;\n"
            + "START SLAVE;\n";
        return LocalClient.ExecuteAsync(sql, cancellationToken, carriesSecret: true);
    }
}
