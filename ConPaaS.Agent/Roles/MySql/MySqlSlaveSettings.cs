namespace ConPaaS.Agent.Roles.MySql;

/// <summary>The settings of <c>mysql-slave</c> (JSON, camelCase): where the master is and how to replicate from it.</summary>
public sealed class MySqlSlaveSettings
{
    public string MasterAddress { get; init; } = "";

    public int MasterPort { get; init; } = MySqlPorts.Default;

    /// <summary>The master's replication account (its <see cref="MySqlMasterSettings.ReplicationUser"/>).</summary>
    public string ReplicationUser { get; init; } = "";

    public string ReplicationPassword { get; init; } = "";

    /// <summary>Unique among the service's nodes; when absent it is derived from the node's address.</summary>
    public uint? ServerId { get; init; }

    public int Port { get; init; } = MySqlPorts.Default;

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(MasterAddress) || Uri.CheckHostName(MasterAddress) == UriHostNameType.Unknown)
            throw new InvalidRoleSettingsException("'masterAddress' must be a host name or an IP address.");
        MySqlAccountRules.CheckPort(MasterPort, "masterPort");
        MySqlAccountRules.CheckUserName(ReplicationUser, "replicationUser");
        MySqlAccountRules.CheckReplicationPassword(ReplicationPassword, "replicationPassword");
        MySqlAccountRules.CheckPort(Port, "port");
        if (ServerId == 0)
            throw new InvalidRoleSettingsException("'serverId' must not be 0.");
    }
}
