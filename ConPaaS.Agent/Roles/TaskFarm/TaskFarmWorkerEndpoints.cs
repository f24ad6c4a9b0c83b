using ConPaaS.Agent.Endpoints;
using ConPaaS.Domain.Agents;
using ConPaaS.Domain.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ConPaaS.Agent.Roles.TaskFarm;

/// <summary>Submitting tasks, collecting results and downloading outputs (a task's, or all in one archive); 409 when the worker does not run.</summary>
public static class TaskFarmWorkerEndpoints
{
    public static void MapTaskFarmWorkerEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(AgentRoutes.TaskFarmTasks, Results<Ok<WorkerResults>, Conflict<ProblemDetails>> (WorkerSubmitRequest request, TaskFarmWorkerRole role) =>
        {
            if (role.Runner is not { } runner)
                return NotRunning();
            runner.Submit(request.Tasks);
            return TypedResults.Ok(runner.ResultsAfter(long.MaxValue));
        });

        // Another copy of the task finished first: this one stops (and is reported as cancelled).
        app.MapPost(AgentRoutes.TaskFarmCancel, Results<Ok<WorkerResults>, Conflict<ProblemDetails>> (int id, TaskFarmWorkerRole role) =>
        {
            if (role.Runner is not { } runner)
                return NotRunning();
            runner.Cancel(id);
            return TypedResults.Ok(runner.ResultsAfter(long.MaxValue));
        });

        app.MapGet(AgentRoutes.TaskFarmResults, Results<Ok<WorkerResults>, Conflict<ProblemDetails>> (long? after, TaskFarmWorkerRole role) =>
            role.Runner is { } runner ? TypedResults.Ok(runner.ResultsAfter(after ?? 0)) : NotRunning());

        // Opened without following a link: the task owns its folder.
        app.MapGet(AgentRoutes.TaskFarmOutput, Results<FileStreamHttpResult, NotFound<ProblemDetails>, Conflict<ProblemDetails>> (int id, string? stream, TaskFarmWorkerRole role) =>
        {
            if (role.Runner is not { } runner)
                return NotRunning();
            var folder = runner.TaskDirectory(id);
            var output = folder is null ? null : TaskOutputArchive.OpenOutput(Path.Combine(folder, stream == "stderr" ? "stderr" : "stdout"));
            return output is not null
                ? TypedResults.File(output, "text/plain")
                : TypedResults.NotFound(Problems.NotFound($"Task {id} has no output here."));
        });

        // Every task's output in one archive, which the portal fetches before it ends the worker (the node's
        // folder goes with the node).
        app.MapGet(AgentRoutes.TaskFarmOutputs, Results<PushStreamHttpResult, Conflict<ProblemDetails>> (TaskFarmWorkerRole role) =>
            role.Runner is { } runner
                ? TypedResults.Stream(stream => TaskOutputArchive.WriteAsync(runner.TasksDirectory, stream), "application/gzip")
                : NotRunning());
    }

    private static Conflict<ProblemDetails> NotRunning() => TypedResults.Conflict(Problems.Conflict("The taskfarm worker does not run on this node."));
}
