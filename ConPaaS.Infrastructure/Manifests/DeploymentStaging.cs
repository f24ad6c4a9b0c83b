using ConPaaS.Domain.Manifests;
using ConPaaS.Infrastructure.Options;
using Microsoft.Extensions.Options;

namespace ConPaaS.Infrastructure.Manifests;

/// <summary>
/// Fetches every file a manifest names (URL or bundle entry) into the deployment's own folder before anything is
/// created, so an unreachable URL or a missing entry refuses the deployment with nothing made.
/// </summary>
public sealed class DeploymentStaging(SourceFetcher fetcher, IOptions<ManifestOptions> manifestOptions, IOptions<ConPaaSOptions> options)
{
    public string Root => Path.Combine(options.Value.ResolveDataDirectory(), "deployments");

    public async Task<(string Folder, IReadOnlyDictionary<string, string> Files)> StageAsync(Manifest manifest, ManifestBundle? bundle, CancellationToken ct)
    {
        var folder = Directory.CreateDirectory(Path.Combine(Root, Guid.NewGuid().ToString("N"))).FullName;
        try
        {
            var files = new Dictionary<string, string>(StringComparer.Ordinal);
            var maxBytes = manifestOptions.Value.MaxFileBytes;
            foreach (var service in manifest.Services)
            {
                foreach (var source in new[] { service.StartupScript, service.Archive, service.Dump, service.Bag })
                {
                    if (source is null or { Kind: ManifestSourceKind.Inline })
                        continue;
                    var destination = Path.Combine(folder, $"{service.Index}-{source.Field[(source.Field.LastIndexOf('.') + 1)..].ToLowerInvariant()}");
                    if (source.Kind == ManifestSourceKind.Url)
                        await fetcher.FetchAsync(source, destination, ct);
                    else if (bundle is null)
                        throw ManifestError.At(source.Field, $"names the file \"{source.Value}\", but a plain manifest carries no files; upload a bundle (a ZIP with manifest.json and its files) or give an http(s) URL");
                    else
                        await bundle.ExtractAsync(source, destination, maxBytes, ct);
                    files[source.Field] = destination;
                }
                await CheckStagedAsync(service, files, ct);
            }
            return (folder, files);
        }
        catch
        {
            Remove(folder);
            throw;
        }
    }

    /// <summary>What would otherwise fail half-way through the deployment: a startup script over the limit, a bad bag.</summary>
    private async Task CheckStagedAsync(ManifestService service, IReadOnlyDictionary<string, string> files, CancellationToken ct)
    {
        var scriptLimit = options.Value.Limits.MaxStartupScriptBytes;
        if (service.StartupScript is { } script)
        {
            var bytes = script.Kind == ManifestSourceKind.Inline ? System.Text.Encoding.UTF8.GetByteCount(script.Value) : new FileInfo(files[script.Field]).Length;
            if (bytes > scriptLimit)
                throw ManifestError.At(script.Field, $"the startup script has {bytes} bytes; at most {scriptLimit / 1024} KiB");
        }
        if (service.Bag is { } bag)
        {
            try
            {
                Domain.TaskFarm.BagParser.Parse(await File.ReadAllBytesAsync(files[bag.Field], ct));
            }
            catch (Domain.Errors.InvalidInputException invalid)
            {
                throw ManifestError.At(bag.Field, invalid.Message.TrimEnd('.'));
            }
        }
    }

    public static void Remove(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover folder costs disk only; the deployment's outcome stands.
        }
    }
}
