using ConPaaS.Domain.Contracts;
using ConPaaS.Domain.Errors;
using ConPaaS.Infrastructure.Options;
using ConPaaS.Infrastructure.Services.MySql;
using ConPaaS.Portal.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace ConPaaS.Portal.Api;

/// <summary>The mysql service's set_password, load_dump and sqldump.</summary>
internal static class MySqlEndpoints
{
    public static void MapMySql(this RouteGroupBuilder api)
    {
        var mysql = api.MapGroup("/services/{id:int}").WithTags("MySQL");

        mysql.MapPost("/password", async (int id, SetPasswordRequest request, HttpContext http, MySqlCommands commands, CancellationToken ct) =>
            {
                await commands.SetPasswordAsync(http.User.ToCaller(), id, request, ct);
                return TypedResults.NoContent();
            })
            .WithName("SetMySqlPassword").WithSummary("Set the administrator password (password and confirm); the old one stops working.");

        mysql.MapPost("/dump", async (int id, HttpContext http, MySqlCommands commands, IOptions<ConPaaSOptions> options, CancellationToken ct) =>
            {
                var limit = options.Value.Limits.MaxDumpUploadBytes;
                if (http.Request.ContentLength > limit)
                    throw new InvalidInputException("dump", $"A dump may have at most {limit / (1024 * 1024)} MiB.");
                // Streamed to the portal's disk as it arrives: a dump of any size up to the limit never sits in memory.
                if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
                    bodySize.MaxRequestBodySize = limit;
                var service = await commands.LoadDumpAsync(http.User.ToCaller(), id, http.Request.Body, ct);
                return TypedResults.Accepted($"/api/v1/services/{id}", service);
            })
            .WithName("LoadMySqlDump")
            .WithSummary("Load an SQL dump (the request body, plain or gzip) on the master, as an operation with progress (202). " +
                "Follow it on the service; a failing statement fails the operation with its number, line and the server's message.")
            .Accepts<Stream>("application/sql")
            .DisableAntiforgery();

        mysql.MapGet("/replicas", async (int id, HttpContext http, MySqlCommands commands, CancellationToken ct) =>
                TypedResults.Ok((await commands.ReplicaStatusAsync(http.User.ToCaller(), id, ct))
                    .Select(r => new ReplicaDto(r.Key, r.Value is { IoRunning: true, SqlRunning: true }, r.Value?.SecondsBehindMaster, r.Value?.LastError))
                    .ToList()))
            .WithName("ListMySqlReplicas").WithSummary("Each replica's replication state and lag in seconds.");

        mysql.MapGet("/backups", async (int id, HttpContext http, MySqlCommands commands, CancellationToken ct) =>
                TypedResults.Ok(await commands.BackupsAsync(http.User.ToCaller(), id, ct)))
            .WithName("ListMySqlBackups").WithSummary("The copies of the databases the portal keeps: the last stops' (newest first), restored by the next start.");

        mysql.MapGet("/dump", async (int id, HttpContext http, MySqlCommands commands, CancellationToken ct) =>
            {
                http.Response.ContentType = "application/sql";
                http.Response.Headers.ContentDisposition = $"attachment; filename=\"service-{id}.sql\"";
                await commands.DownloadDumpAsync(http.User.ToCaller(), id, http.Response.Body, ct);
                return Results.Empty;
            })
            .WithName("DownloadMySqlDump").WithSummary("Download a consistent dump of the service's databases.");
    }
}
