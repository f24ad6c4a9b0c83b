namespace ConPaaS.Agent.Roles.MySql;

internal static class MySqlPorts
{
    /// <summary>Every node's server listens on the usual port of its own address.</summary>
    public const int Default = 3306;
}
