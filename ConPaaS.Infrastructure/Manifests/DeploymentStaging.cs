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
            }
            return (folder, files);
        }
        catch
        {
            Remove(folder);
            throw;
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
