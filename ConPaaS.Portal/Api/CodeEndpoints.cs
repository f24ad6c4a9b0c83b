using ConPaaS.Domain.Errors;
using ConPaaS.Infrastructure.Code;
using ConPaaS.Portal.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace ConPaaS.Portal.Api;

/// <summary>
/// Code versions of php and java services: list, upload (ZIP or tar.gz), download as ZIP, delete. Activation is in
/// <see cref="ServiceLifecycleEndpoints"/>; pushes go through <c>/git/&lt;id&gt;.git</c>.
/// </summary>
internal static class CodeEndpoints
{
    /// <summary>Room for the multipart framing and the description beside the archive itself.</summary>
    private const long FormOverheadBytes = 1024 * 1024;

    private const int MaxDescriptionLength = 4000;

    public static void MapCode(this RouteGroupBuilder api)
    {
        var code = api.MapGroup("/services/{id:int}/code").WithTags("Code");

        code.MapGet("", async (int id, HttpContext http, CodeCommands commands, CancellationToken ct) =>
                TypedResults.Ok(await commands.ListAsync(http.User.ToCaller(), id, ct)))
            .WithName("ListCodeVersions").WithSummary("The service's code versions, newest first, the active one marked.");

        code.MapPost("", async (int id, HttpContext http, CodeCommands commands, CancellationToken ct) =>
            {
                var caller = http.User.ToCaller();
                // Ownership first: a stranger's 100 MiB is refused before it is read; so is a user's upload beyond
                // the ones they may have in progress at once.
                await commands.GetCodeServiceAsync(caller, id, ct);
                using var slot = commands.BeginUpload(caller);
                var (archive, description) = await ReadFormAsync(http, commands.MaxUploadBytes, ct);
                await using (archive)
                {
                    var version = await commands.UploadAsync(caller, id, archive, description, http.User.Identity?.Name ?? "", ct);
                    return TypedResults.Created($"/api/v1/services/{id}/code/{version.Id}", version);
                }
            })
            .WithName("UploadCode")
            .WithSummary("Upload a ZIP or tar.gz archive (multipart field 'archive', optional 'description') as a new code version; " +
                "429 when the user already has ConPaaS:Limits:ConcurrentUploadsPerUser uploads in progress.")
            .DisableAntiforgery()
            .Accepts<IFormFile>("multipart/form-data");

        code.MapGet("/{version}", async (int id, string version, HttpContext http, CodeCommands commands, CancellationToken ct) =>
            {
                var (zip, fileName) = await commands.OpenZipAsync(http.User.ToCaller(), id, version, ct);
                return TypedResults.File(zip, "application/zip", fileName);
            })
            .WithName("DownloadCodeVersion").WithSummary("The version's files as a ZIP archive.");

        code.MapDelete("/{version}", async (int id, string version, HttpContext http, CodeCommands commands, CancellationToken ct) =>
            {
                await commands.DeleteAsync(http.User.ToCaller(), id, version, ct);
                return TypedResults.NoContent();
            })
            .WithName("DeleteCodeVersion").WithSummary("Delete a code version; the active one cannot be deleted.");
    }

    /// <summary>
    /// Reads the form by hand so the archive streams straight into a counted temporary file: no form buffering,
    /// no form-size limits of its own, and an archive over the limit is refused as soon as it passes it.
    /// </summary>
    private static async Task<(StagedArchive Archive, string? Description)> ReadFormAsync(HttpContext http, long maxBytes, CancellationToken ct)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = maxBytes + FormOverheadBytes;
        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var type)
            || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 } boundary)
            throw new InvalidInputException("archive", "Send the archive as multipart/form-data in a field named 'archive'.");

        StagedArchive? archive = null;
        string? description = null;
        try
        {
            var reader = new MultipartReader(boundary, http.Request.Body);
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
                    continue;
                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value;
                if (name == "archive" && archive is null)
                {
                    var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
                    archive = await StagedArchive.SaveAsync(section.Body, fileName, maxBytes, ct);
                }
                else if (name == "description")
                {
                    using var text = new StreamReader(section.Body);
                    var chars = new char[MaxDescriptionLength + 1];
                    var read = await text.ReadBlockAsync(chars, ct);
                    if (read > MaxDescriptionLength)
                        throw new InvalidInputException("description", $"A description may have at most {MaxDescriptionLength} characters.");
                    description = new string(chars, 0, read);
                }
            }
        }
        catch (Exception exception) when (exception is IOException or InvalidDataException && exception is not BadHttpRequestException)
        {
            if (archive is not null)
                await archive.DisposeAsync();
            throw new InvalidInputException("archive", "The form could not be read; send the archive as multipart/form-data in a field named 'archive'.");
        }
        catch
        {
            if (archive is not null)
                await archive.DisposeAsync();
            throw;
        }
        return (archive ?? throw new InvalidInputException("archive", "The form has no file in a field named 'archive'."), description);
    }
}
