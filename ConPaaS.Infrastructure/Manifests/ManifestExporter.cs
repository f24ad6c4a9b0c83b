using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConPaaS.Domain.Access;
using ConPaaS.Domain.Contracts;
using ConPaaS.Domain.Manifests;
using ConPaaS.Domain.Services;
using ConPaaS.Infrastructure.Applications;
using ConPaaS.Infrastructure.Code;
using ConPaaS.Infrastructure.Operations;
using ConPaaS.Infrastructure.Services.MySql;

namespace ConPaaS.Infrastructure.Manifests;

/// <summary>
/// An application as a manifest bundle (the original's <c>download_manifest</c>): the manifest, each web service's
/// active code version and a dump of each running database, so deploying it makes the same application again.
/// Database passwords are not exported: the bundle asks for a fresh generated secret in their place.
/// </summary>
public sealed class ManifestExporter(ApplicationCommands applications, LifecycleCommands lifecycle, CodeCommands code, MySqlCommands mysql)
{
    public async Task<(string FileName, string Path)> ExportAsync(Caller caller, int applicationId, CancellationToken ct = default)
    {
        var application = await applications.GetAsync(caller, applicationId, ct);
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"conpaas-export-{Guid.NewGuid():N}.zip");
        try
        {
            await using (var file = File.Create(path))
            using (var zip = new ZipArchive(file, ZipArchiveMode.Create))
            {
                var services = new JsonArray();
                foreach (var (service, index) in application.Services.OrderBy(s => s.Id).Select((s, i) => (s, i)))
                    services.Add(await ExportServiceAsync(caller, zip, service, index, ct));
                var manifest = new JsonObject
                {
                    ["Application"] = application.Name,
                    ["Description"] = $"Exported from ConPaaS on {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC",
                    ["Services"] = services,
                };
                await WriteAsync(zip, BundlePaths.ManifestEntry, async s =>
                    await JsonSerializer.SerializeAsync(s, manifest, new JsonSerializerOptions { WriteIndented = true }, ct));
            }
            return ($"{Sanitize(application.Name)}.manifest.zip", path);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    private async Task<JsonObject> ExportServiceAsync(Caller caller, ZipArchive zip, ServiceDto service, int index, CancellationToken ct)
    {
        var running = service.State is nameof(ServiceState.Running) or nameof(ServiceState.Adapting);
        var entry = new JsonObject
        {
            ["Type"] = service.Type,
            ["ServiceName"] = service.Name,
            ["Start"] = running ? 1 : 0,
        };
        if (service.Cloud is not null)
            entry["Cloud"] = service.Cloud;
        if (await lifecycle.GetStartupScriptAsync(caller, service.Id, ct) is { } script)
        {
            var name = $"files/{index}-startup.sh";
            await WriteAsync(zip, name, async s => await s.WriteAsync(System.Text.Encoding.UTF8.GetBytes(script), ct));
            entry["StartupScript"] = name;
        }
        if (running)
        {
            var nodes = await lifecycle.ListNodesAsync(caller, service.Id, ct);
            var counts = new JsonObject();
            foreach (var role in nodes.Where(n => n.State == "Running").SelectMany(n => n.Roles).Distinct().Order(StringComparer.Ordinal))
                counts[role] = nodes.Count(n => n.State == "Running" && n.Roles.Contains(role)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            entry["StartupInstances"] = counts;
        }
        if (service.ActiveCodeVersion is { } version && version != Service.DefaultCodeVersion)
        {
            var name = $"code/{index}-{version}.zip";
            var (archive, _) = await code.OpenZipAsync(caller, service.Id, version, ct);
            await using (archive)
                await WriteAsync(zip, name, async s => await archive.CopyToAsync(s, ct));
            entry["Archive"] = name;
        }
        if (service.Type == "mysql")
        {
            entry["Password"] = $"${{secret:mysql{index}}}";
            if (running)
            {
                var name = $"dumps/{index}.sql";
                await WriteAsync(zip, name, async s => await mysql.DownloadDumpAsync(caller, service.Id, s, ct));
                entry["Dump"] = name;
            }
        }
        return entry;
    }

    private static async Task WriteAsync(ZipArchive zip, string name, Func<Stream, Task> write)
    {
        await using var stream = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        await write(stream);
    }

    private static string Sanitize(string name) =>
        new(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '-').ToArray());
}
