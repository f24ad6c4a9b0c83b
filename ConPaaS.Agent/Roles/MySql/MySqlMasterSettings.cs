namespace ConPaaS.Agent.Roles.MySql;

/// <summary>
/// The settings of <c>mysql-master</c> (JSON, camelCase). A class, not a record: a record's generated
/// ToString would print the passwords into any log line that mentions it.
/// </summary>
public sealed class MySqlMasterSettings
{
    /// <summary>
    /// The account the service's user (and applications) log in with, as <c>'adminUser'@'%'</c>: every privilege on
    /// the databases it makes, none on the server or the node (see <see cref="MySqlMasterRole"/>).
    /// </summary>
    public string AdminUser { get; init; } = "";

    public string AdminPassword { get; init; } = "";

    /// <summary>The account replicas replicate (and seed) with; the same pair is sent to every replica.</summary>
    public string ReplicationUser { get; init; } = "";

    public string ReplicationPassword { get; init; } = "";

    /// <summary>Unique among the service's nodes; when absent it is derived from the node's address.</summary>
    public uint? ServerId { get; init; }

    public int Port { get; init; } = MySqlPorts.Default;

    /// <summary>The replicas (<c>host:port</c>) that connections to the read port are spread over; none means the master.</summary>
    public IReadOnlyList<string>? ReadReplicas { get; init; }

    public int ReadPort { get; init; } = MySqlPorts.Reads;

    public MySqlMasterSettings WithAdminPassword(string password) => new()
    {
        AdminUser = AdminUser,
        AdminPassword = password,
        ReplicationUser = ReplicationUser,
        ReplicationPassword = ReplicationPassword,
        ServerId = ServerId,
        Port = Port,
        ReadReplicas = ReadReplicas,
        ReadPort = ReadPort,
    };

    public void Validate()
    {
        MySqlAccountRules.CheckUserName(AdminUser, "adminUser");
        MySqlAccountRules.CheckAdminPassword(AdminPassword, "adminPassword");
        MySqlAccountRules.CheckUserName(ReplicationUser, "replicationUser");
        MySqlAccountRules.CheckReplicationPassword(ReplicationPassword, "replicationPassword");
        MySqlAccountRules.CheckPort(Port, "port");
        MySqlAccountRules.CheckPort(ReadPort, "readPort");
        foreach (var replica in ReadReplicas ?? [])
        {
            if (!System.Net.IPEndPoint.TryParse(replica, out var endpoint) || endpoint.Port == 0)
                throw new InvalidRoleSettingsException("readReplicas must hold address:port entries.");
        }
        if (string.Equals(AdminUser, ReplicationUser, StringComparison.OrdinalIgnoreCase))
            throw new InvalidRoleSettingsException("'adminUser' and 'replicationUser' must differ.");
        if (AdminUser is "root" || ReplicationUser is "root")
            throw new InvalidRoleSettingsException("'root' is the node's own local account; choose another user name.");
        if (ServerId == 0)
            throw new InvalidRoleSettingsException("'serverId' must not be 0.");
    }
}
