namespace ConPaaS.Agent.Roles.MySql;

/// <summary>
/// How a replica follows its master (<c>GET /mysql/replica</c>). <paramref name="IoState"/> is MariaDB's
/// Slave_IO_Running (Yes, No, Connecting); <paramref name="SecondsBehindMaster"/> is null while the replica
/// does not replicate; <paramref name="GtidPosition"/> is the last transaction applied (gtid_slave_pos).
/// </summary>
public sealed record MySqlReplicaStatus(
    string MasterAddress,
    int MasterPort,
    bool IoRunning,
    bool SqlRunning,
    string IoState,
    long? SecondsBehindMaster,
    string GtidPosition,
    string? LastError);
