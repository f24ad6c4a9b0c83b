using ConPaaS.Agent.StartupScripts;
using ConPaaS.Domain.Agents;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ConPaaS.Agent.Endpoints;

public static class StartupScriptEndpoints
{
    public static void MapStartupScriptEndpoints(this IEndpointRouteBuilder app) =>
        app.MapPost(AgentRoutes.StartupScript, async Task<Results<Ok<StartupScriptResult>, NotFound<ProblemDetails>>> (
            StartupScriptRequest? request, StartupScriptRunner runner, IHostApplicationLifetime lifetime) =>
        {
            // A script is not abandoned because the caller hung up: only the agent's own shutdown stops it.
            var result = await runner.RunAsync(request?.Script, lifetime.ApplicationStopping);
            return result is null
                ? TypedResults.NotFound(Problems.NotFound("This node has no startup script."))
                : TypedResults.Ok(result);
        });
}
