namespace ConPaaS.Domain.Agents;

/// <summary>
/// The agent's HTTP paths, shared by the agent (which maps them) and the portal's agent client (which calls
/// them), so the two cannot drift apart. Plain constants, no behaviour.
/// </summary>
public static class AgentRoutes
{
    public const string Status = "/status";
    public const string Logs = "/logs";
    public const string Log = "/logs/{name}";
    public const string StartupScript = "/startup-script";
    public const string Roles = "/roles";
    public const string Role = "/roles/{name}";
    public const string ConfigureRole = "/roles/{name}/configure";
    public const string StartRole = "/roles/{name}/start";
    public const string StopRole = "/roles/{name}/stop";
    public const string Code = "/code";
    public const string CodeVersion = "/code/{version}";
    public const string MySqlPassword = "/mysql/password";
    public const string MySqlDump = "/mysql/dump";
    public const string MySqlDumpLoad = "/mysql/dump/loads/{id}";
    public const string MySqlReplica = "/mysql/replica";
    public const string TaskFarmTasks = "/taskfarm/tasks";
    public const string TaskFarmResults = "/taskfarm/results";
    public const string TaskFarmOutput = "/taskfarm/tasks/{id}/output";
    public const string TaskFarmOutputs = "/taskfarm/outputs";
    public const string TaskFarmCancel = "/taskfarm/tasks/{id}/cancel";
}
