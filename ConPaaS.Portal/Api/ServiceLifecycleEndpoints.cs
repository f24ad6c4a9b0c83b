using ConPaaS.Domain.Contracts;
using ConPaaS.Domain.Errors;
using ConPaaS.Infrastructure.Operations;
using ConPaaS.Infrastructure.Options;
using ConPaaS.Portal.Hosting;
using Microsoft.Extensions.Options;

namespace ConPaaS.Portal.Api;

/// <summary>startup, shutdown, the service's history and its startup script. Long operations answer 202.</summary>
internal static class ServiceLifecycleEndpoints
{
    public static void MapServiceLifecycle(this RouteGroupBuilder api)
    {
        var service = api.MapGroup("/services/{id:int}").WithTags("Services");

        service.MapPost("/start", async (int id, StartServiceRequest? request, HttpContext http, LifecycleCommands commands, CancellationToken ct) =>
                TypedResults.Accepted($"/api/v1/services/{id}", await commands.StartAsync(http.User.ToCaller(), id, request?.Cloud, ct)))
            .WithName("StartService").WithSummary("Start the service (on a cloud); answers 202, follow the service's state.");

        service.MapPost("/stop", async (int id, HttpContext http, LifecycleCommands commands, CancellationToken ct) =>
                TypedResults.Accepted($"/api/v1/services/{id}", await commands.StopAsync(http.User.ToCaller(), id, ct)))
            .WithName("StopService").WithSummary("Stop the service and terminate its nodes; answers 202.");

        service.MapPost("/code/{version}/activate", async (int id, string version, HttpContext http, LifecycleCommands commands, CancellationToken ct) =>
            {
                var result = await commands.ActivateVersionAsync(http.User.ToCaller(), id, version, ct);
                // A stopped service only records its choice (200); a running one switches in the background (202).
                return result.ActiveOperation is null ? Results.Ok(result) : Results.Accepted($"/api/v1/services/{id}", result);
            })
            .WithName("ActivateCodeVersion").WithTags("Code")
            .WithSummary("Serve this code version: on a running service a rolling, graceful switch of every node (202).");

        service.MapGet("/logs", async (int id, HttpContext http, LifecycleCommands commands, CancellationToken ct) =>
                TypedResults.Ok(await commands.ListOperationsAsync(http.User.ToCaller(), id, ct)))
            .WithName("GetServiceLog").WithSummary("The service's history: its operations with their steps and errors, newest first.");

        service.MapGet("/startup-script", async (int id, HttpContext http, LifecycleCommands commands, CancellationToken ct) =>
                TypedResults.Text(await commands.GetStartupScriptAsync(http.User.ToCaller(), id, ct) ?? "", "text/plain"))
            .WithName("GetStartupScript").WithSummary("The script run on every new node before its roles start.");

        service.MapPut("/startup-script", async (int id, HttpContext http, LifecycleCommands commands, IOptions<ConPaaSOptions> options, CancellationToken ct) =>
            {
                var script = await ReadLimitedTextAsync(http.Request, options.Value.Limits.MaxStartupScriptBytes, ct);
                return TypedResults.Ok(await commands.SetStartupScriptAsync(http.User.ToCaller(), id, script, ct));
            })
            .WithName("SetStartupScript").WithSummary("Upload the startup script (the request body, at most 1 MiB by default).")
            .Accepts<string>("text/plain");
    }

    /// <summary>Reads at most <paramref name="limit"/> bytes; a larger body is refused before it is all read.</summary>
    private static async Task<string> ReadLimitedTextAsync(HttpRequest request, long limit, CancellationToken ct)
    {
        if (request.ContentLength > limit)
            throw new InvalidInputException("startupScript", $"A startup script may have at most {limit / 1024} KiB.");
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit)
                throw new InvalidInputException("startupScript", $"A startup script may have at most {limit / 1024} KiB.");
            buffer.Write(chunk, 0, read);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
