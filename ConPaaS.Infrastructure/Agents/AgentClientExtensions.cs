using System.Text.Json;
using ConPaaS.Domain.Agents;

namespace ConPaaS.Infrastructure.Agents;

public static class AgentClientExtensions
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    /// <summary>Sends a role typed settings, written as JSON the way the agent reads it (camelCase).</summary>
    public static Task<RoleStatus> ConfigureRoleAsync<TSettings>(
        this IAgentClient client, AgentEndpoint agent, string role, TSettings settings, CancellationToken cancellationToken = default) =>
        client.ConfigureRoleAsync(agent, role, JsonSerializer.SerializeToElement(settings, Web), cancellationToken);
}
