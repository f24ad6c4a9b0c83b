using ConPaaS.Cli.Output;

namespace ConPaaS.Cli.Portal;

/// <summary>A file the portal sends, saved under the asked name, else the portal's name for it, else a fallback.</summary>
public static class Downloads
{
    public static async Task<(string Path, long Bytes)> SaveAsync(PortalClient portal, string apiPath, string? asked, string fallback, CancellationToken ct)
    {
        using var response = await portal.GetStreamingAsync(apiPath, ct);
        var disposition = response.Content.Headers.ContentDisposition;
        var path = asked ?? SafeName(disposition?.FileNameStar ?? disposition?.FileName, fallback);
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        return (path, await Files.SaveAsync(body, path, ct));
    }

    /// <summary>The portal's name for the file, without any folder in it: it is written in the current folder.</summary>
    private static string SafeName(string? suggested, string fallback)
    {
        var name = Path.GetFileName(suggested?.Trim('"') ?? "");
        return string.IsNullOrWhiteSpace(name) || name is "." or ".." ? fallback : name;
    }
}
