using System.Text.Json;
using ConPaaS.Agent.Roles;
using ConPaaS.Domain.Agents;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ConPaaS.Agent.Endpoints;

public static class RoleEndpoints
{
    public static void MapRoleEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(AgentRoutes.Roles, (RoleRegistry roles) => TypedResults.Ok(roles.Statuses()));

        app.MapGet(AgentRoutes.Role, Results<Ok<RoleStatus>, NotFound<ProblemDetails>> (string name, RoleRegistry roles) =>
            roles.Status(name) is { } status ? TypedResults.Ok(status) : UnknownRole(name));

        app.MapPost(AgentRoutes.ConfigureRole, (string name, JsonElement settings, RoleRegistry roles, CancellationToken cancellationToken) =>
            RunAsync(roles, name, role => role.ConfigureAsync(settings, cancellationToken), cancellationToken));

        app.MapPost(AgentRoutes.StartRole, (string name, RoleRegistry roles, CancellationToken cancellationToken) =>
            RunAsync(roles, name, role => role.StartAsync(cancellationToken), cancellationToken));

        app.MapPost(AgentRoutes.StopRole, (string name, RoleRegistry roles, CancellationToken cancellationToken) =>
            RunAsync(roles, name, role => role.StopAsync(cancellationToken), cancellationToken));
    }

    private static async Task<Results<Ok<RoleStatus>, NotFound<ProblemDetails>, BadRequest<ProblemDetails>, Conflict<ProblemDetails>>> RunAsync(
        RoleRegistry roles, string name, Func<IAgentRole, Task<RoleStatus>> operation, CancellationToken cancellationToken)
    {
        try
        {
            var status = await roles.RunAsync(name, operation, cancellationToken);
            return status is null ? UnknownRole(name) : TypedResults.Ok(status);
        }
        catch (InvalidRoleSettingsException exception)
        {
            return TypedResults.BadRequest(Problems.BadRequest(exception.Message));
        }
        catch (RoleStateConflictException exception)
        {
            return TypedResults.Conflict(Problems.Conflict(exception.Message));
        }
    }

    private static NotFound<ProblemDetails> UnknownRole(string name) =>
        TypedResults.NotFound(Problems.NotFound($"This agent has no role '{name}'."));
}
