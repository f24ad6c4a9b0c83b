using ConPaaS.Domain.Contracts;
using ConPaaS.Infrastructure.Nodes;
using ConPaaS.Infrastructure.Operations;
using ConPaaS.Portal.Hosting;

namespace ConPaaS.Portal.Api;

/// <summary>list_nodes, add_nodes, remove_nodes and get_agent_log.</summary>
internal static class NodesEndpoints
{
    public static void MapNodes(this RouteGroupBuilder api)
    {
        var nodes = api.MapGroup("/services/{id:int}/nodes").WithTags("Nodes");

        nodes.MapGet("", async (int id, HttpContext http, LifecycleCommands commands, CancellationToken ct) =>
                TypedResults.Ok(await commands.ListNodesAsync(http.User.ToCaller(), id, ct)))
            .WithName("ListNodes").WithSummary("The service's nodes that are not terminated.");

        nodes.MapPost("", async (int id, AddNodesRequest request, HttpContext http, LifecycleCommands commands, CancellationToken ct) =>
                TypedResults.Accepted($"/api/v1/services/{id}", await commands.AddNodesAsync(http.User.ToCaller(), id, request, ct)))
            .WithName("AddNodes").WithSummary("Add nodes of a role (on a cloud); answers 202.");

        nodes.MapDelete("", async (int id, string? role, int? count, HttpContext http, LifecycleCommands commands, CancellationToken ct) =>
                TypedResults.Accepted($"/api/v1/services/{id}", await commands.RemoveNodesAsync(http.User.ToCaller(), id, role, count ?? 1, ct)))
            .WithName("RemoveNodes").WithSummary("Remove the youngest nodes of a role (?role=&count=); answers 202.");

        nodes.MapDelete("/{nodeId:int}", async (int id, int nodeId, HttpContext http, LifecycleCommands commands, CancellationToken ct) =>
                TypedResults.Accepted($"/api/v1/services/{id}", await commands.RemoveNodeAsync(http.User.ToCaller(), id, nodeId, ct)))
            .WithName("RemoveNode").WithSummary("Remove one node; answers 202.");

        nodes.MapGet("/{nodeId:int}/logs", async (int id, int nodeId, string? file, int? tail, HttpContext http, NodeLogs logs, CancellationToken ct) =>
                file is null
                    ? Results.Ok(await logs.ListAsync(http.User.ToCaller(), id, nodeId, ct))
                    : Results.Ok(await logs.TailAsync(http.User.ToCaller(), id, nodeId, file, tail ?? 200, ct)))
            .WithName("GetNodeLogs").WithSummary("Without ?file: the node's log files; with ?file=&tail=: the last lines of one.");
    }
}
