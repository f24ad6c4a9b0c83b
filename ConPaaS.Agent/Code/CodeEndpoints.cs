using ConPaaS.Agent.Endpoints;
using ConPaaS.Domain.Agents;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ConPaaS.Agent.Code;

public static class CodeEndpoints
{
    public static void MapCodeEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(AgentRoutes.Code, (CodeStore store) => TypedResults.Ok(store.List()));

        app.MapGet(AgentRoutes.CodeVersion, Results<Ok<CodeVersionInfo>, NotFound<ProblemDetails>> (string version, CodeStore store) =>
            store.Find(version) is { } found ? TypedResults.Ok(found) : TypedResults.NotFound(Problems.NotFound($"No code version '{version}' on this node.")));

        // The body is the ZIP archive itself (application/zip), streamed to disk as it arrives.
        app.MapPut(AgentRoutes.CodeVersion, async Task<Results<Created<CodeVersionInfo>, Ok<CodeVersionInfo>, BadRequest<ProblemDetails>>> (
            string version, HttpContext context, CodeStore store, CancellationToken cancellationToken) =>
        {
            if (!CodeVersionNames.IsValid(version))
                return TypedResults.BadRequest(Problems.BadRequest(CodeVersionNames.Describe(version)));
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
                limit.MaxRequestBodySize = CodeStore.MaxArchiveBytes;
            try
            {
                var (info, created) = await store.InstallAsync(version, context.Request.Body, cancellationToken);
                return created ? TypedResults.Created($"/code/{Uri.EscapeDataString(version)}", info) : TypedResults.Ok(info);
            }
            catch (CodeArchiveRejectedException exception)
            {
                return TypedResults.BadRequest(Problems.BadRequest(exception.Message));
            }
        });

        app.MapDelete(AgentRoutes.CodeVersion, async Task<Results<Ok<CodeVersionList>, BadRequest<ProblemDetails>, Conflict<ProblemDetails>>> (
            string version, CodeStore store, CancellationToken cancellationToken) =>
        {
            if (!CodeVersionNames.IsValid(version))
                return TypedResults.BadRequest(Problems.BadRequest(CodeVersionNames.Describe(version)));
            try
            {
                return TypedResults.Ok(await store.DeleteAsync(version, cancellationToken));
            }
            catch (CodeVersionInUseException exception)
            {
                return TypedResults.Conflict(Problems.Conflict(exception.Message));
            }
        });
    }
}
