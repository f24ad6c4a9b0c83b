using System.Reflection;
using ConPaaS.Agent.Hosting;
using ConPaaS.Agent.Roles;
using ConPaaS.Domain.Agents;

namespace ConPaaS.Agent.Endpoints;

public static class StatusEndpoints
{
    private static readonly string AgentVersion =
        typeof(StatusEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(StatusEndpoints).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    /// <summary>The original's <c>check_agent_process</c>: proof of life and a summary of the node.</summary>
    public static void MapStatusEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet(AgentRoutes.Status, (AgentOptions options, AgentClock clock, RoleRegistry roles) =>
            TypedResults.Ok(new AgentStatus(
                Alive: true,
                options.NodeId,
                AgentVersion,
                clock.StartedAt,
                Math.Round(clock.Uptime.TotalSeconds, 3),
                roles.Statuses())));
}
