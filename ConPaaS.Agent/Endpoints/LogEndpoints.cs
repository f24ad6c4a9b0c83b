using ConPaaS.Agent.Logs;
using ConPaaS.Domain.Agents;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ConPaaS.Agent.Endpoints;

public static class LogEndpoints
{
    private const int DefaultTailLines = 100;

    public static void MapLogEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(AgentRoutes.Logs, (LogFiles logs) => TypedResults.Ok(logs.List()));

        // ?tail=N gives the last N lines; ?offset=&length= a byte range; nothing at all the last 100 lines.
        app.MapGet(AgentRoutes.Log, async Task<Results<Ok<AgentLogContent>, NotFound<ProblemDetails>>> (
            string name, int? tail, long? offset, long? length, LogFiles logs, CancellationToken cancellationToken) =>
        {
            var path = logs.Find(name);
            if (path is null)
                return TypedResults.NotFound(Problems.NotFound($"No log file '{name}' on this node."));
            if (offset is not null || length is not null)
                return TypedResults.Ok(await logs.ReadRangeAsync(path, offset ?? 0, length ?? LogFiles.MaxReadBytes, cancellationToken));
            return TypedResults.Ok(await logs.ReadTailAsync(path, tail ?? DefaultTailLines, cancellationToken));
        });
    }
}
