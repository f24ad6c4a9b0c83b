namespace ConPaaS.Agent.Roles.MySql;

internal static class MySqlPorts
{
    /// <summary>Every node's server listens on the usual port of its own address.</summary>
    public const int Default = 3306;

    /// <summary>The master node's read-only address: connections spread over the replicas.</summary>
    public const int Reads = 3307;
}
