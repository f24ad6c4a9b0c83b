using ConPaaS.Infrastructure.Code;
using ConPaaS.Infrastructure.Services.MySql;
using ConPaaS.Infrastructure.Services.TaskFarm;

namespace ConPaaS.Portal.Hosting;

internal static class DownloadEndpoints
{
    /// <summary>
    /// Downloads for the signed-in browser (cookie), which the bearer-token API cannot serve: a link on a
    /// page must just work.
    /// </summary>
    public static WebApplication MapDownloads(this WebApplication app)
    {
        app.MapGet("/services/{id:int}/dump", async (int id, HttpContext http, MySqlCommands commands, CancellationToken ct) =>
            {
                http.Response.ContentType = "application/sql";
                http.Response.Headers.ContentDisposition = $"attachment; filename=\"service-{id}.sql\"";
                await commands.DownloadDumpAsync(http.User.ToCaller(), id, http.Response.Body, ct);
            })
            .RequireAuthorization()
            .ExcludeFromDescription();

        app.MapGet("/services/{id:int}/code/{version}.zip", async (int id, string version, HttpContext http, CodeCommands code, CancellationToken ct) =>
            {
                var (zip, fileName) = await code.OpenZipAsync(http.User.ToCaller(), id, version, ct);
                return Results.File(zip, "application/zip", fileName);
            })
            .RequireAuthorization()
            .ExcludeFromDescription();

        app.MapGet("/services/{id:int}/outputs.zip", async (int id, HttpContext http, TaskFarmCommands farm, CancellationToken ct) =>
            {
                var (zip, fileName) = await farm.OpenOutputsArchiveAsync(http.User.ToCaller(), id, ct);
                return Results.File(zip, "application/zip", fileName);
            })
            .RequireAuthorization()
            .ExcludeFromDescription();
        return app;
    }
}
