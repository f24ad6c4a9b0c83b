using System.Text.Json.Serialization;

namespace ConPaaS.Domain.Agents;

/// <summary>The life of a role on one node. Written as a string on the wire so that both sides can evolve.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AgentRoleState>))]
public enum AgentRoleState
{
    Unconfigured,
    Configured,
    Running,
    Stopped,
    Failed,
}
