using ConPaaS.Domain.Contracts;
using ConPaaS.Domain.Errors;
using ConPaaS.Domain.TaskFarm;
using ConPaaS.Infrastructure.Services.TaskFarm;
using ConPaaS.Portal.Hosting;

namespace ConPaaS.Portal.Api;

/// <summary>The taskfarm's bag, schedules, execution, progress and outputs.</summary>
internal static class TaskFarmEndpoints
{
    /// <summary>A bag of 100,000 commands of 4 KiB each is the largest the parser accepts; refuse bigger bodies early.</summary>
    public const long MaxBagBytes = (long)BagLimits.DefaultMaxTasks * BagLimits.DefaultMaxLineLength;

    public static void MapTaskFarm(this RouteGroupBuilder api)
    {
        var farm = api.MapGroup("/services/{id:int}").WithTags("TaskFarm");

        farm.MapPost("/bag", async (int id, bool? demo, HttpContext http, TaskFarmCommands commands, CancellationToken ct) =>
            {
                var content = await ReadBagAsync(http.Request, ct);
                return TypedResults.Accepted($"/api/v1/services/{id}/progress", await commands.UploadBagAsync(http.User.ToCaller(), id, content, demo ?? false, ct));
            })
            .WithName("UploadBag").WithSummary("Upload a bag (one command a line; a multipart file field 'bag' or the raw body); ?demo=true simulates it.")
            .DisableAntiforgery();

        farm.MapGet("/schedules", async (int id, HttpContext http, TaskFarmCommands commands, CancellationToken ct) =>
                TypedResults.Ok(await commands.SchedulesAsync(http.User.ToCaller(), id, ct)))
            .WithName("GetSchedules").WithSummary("The time/cost schedules offered after sampling, cheapest first.");

        farm.MapPost("/schedules/{n:int}/select", async (int id, int n, HttpContext http, TaskFarmCommands commands, CancellationToken ct) =>
                TypedResults.Accepted($"/api/v1/services/{id}/progress", await commands.SelectAsync(http.User.ToCaller(), id, n, ct)))
            .WithName("SelectSchedule").WithSummary("Execute the bag with schedule n.");

        farm.MapPost("/execute", async (int id, TaskFarmExecuteRequest request, HttpContext http, TaskFarmCommands commands, CancellationToken ct) =>
                TypedResults.Accepted($"/api/v1/services/{id}/progress", await commands.ExecuteAsync(http.User.ToCaller(), id, request, ct)))
            .WithName("ExecuteBag").WithSummary("Execute with the fastest schedule within {budget}, or {runDirectly: true} for a bag too small to sample.");

        farm.MapGet("/progress", async (int id, HttpContext http, TaskFarmCommands commands, CancellationToken ct) =>
                TypedResults.Ok(await commands.ProgressAsync(http.User.ToCaller(), id, ct)))
            .WithName("GetFarmProgress").WithSummary("Phase, tasks done of N, money spent, time and cost left, workers, failed tasks.");

        farm.MapGet("/outputs", async (int id, HttpContext http, TaskFarmCommands commands, CancellationToken ct) =>
                TypedResults.Ok(await commands.OutputsAsync(http.User.ToCaller(), id, ct)))
            .WithName("GetFarmOutputs").WithSummary("Every finished task: exit code, runtime and the end of its stdout and stderr.");

        farm.MapGet("/outputs.zip", async (int id, HttpContext http, TaskFarmCommands commands, CancellationToken ct) =>
            {
                var (zip, fileName) = await commands.OpenOutputsArchiveAsync(http.User.ToCaller(), id, ct);
                return TypedResults.File(zip, "application/zip", fileName);
            })
            .WithName("GetFarmOutputsArchive").WithSummary("The bag's outputs in one ZIP: per task (line-<n>/), its whole stdout and stderr.");
    }

    private static async Task<byte[]> ReadBagAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBagBytes)
            throw new InvalidInputException(BagParser.Field, $"A bag may have at most {MaxBagBytes / (1024 * 1024)} MiB.");
        using var buffer = new MemoryStream();
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            var file = form.Files.GetFile(BagParser.Field) ?? form.Files.FirstOrDefault()
                ?? throw new InvalidInputException(BagParser.Field, "Attach the bag as a file field named 'bag'.");
            await file.CopyToAsync(buffer, ct);
        }
        else
        {
            await request.Body.CopyToAsync(buffer, ct);
        }
        return buffer.ToArray();
    }
}
