using System.IO.Compression;
using System.Text;
using ConPaaS.Domain.Manifests;

namespace ConPaaS.Infrastructure.Manifests;

/// <summary>
/// A manifest bundle: a ZIP holding <c>manifest.json</c> and the files it names. Entries are only ever looked up
/// by name, never extracted by their own path, and a bundle with an entry that would leave it is refused whole.
/// </summary>
public sealed class ManifestBundle : IDisposable
{
    private readonly ZipArchive _zip;

    private ManifestBundle(ZipArchive zip, string manifest)
    {
        _zip = zip;
        Manifest = manifest;
    }

    public string Manifest { get; }

    public static bool LooksLikeZip(ReadOnlySpan<byte> start) => start.Length >= 4 && start[0] == 'P' && start[1] == 'K' && start[2] == 3 && start[3] == 4;

    /// <summary>Opens a bundle; the stream must stay open while the bundle is used.</summary>
    public static ManifestBundle Open(Stream zipStream)
    {
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(zipStream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException bad)
        {
            throw ManifestError.At("bundle", $"is not a readable ZIP archive ({bad.Message.TrimEnd('.')})");
        }
        try
        {
            foreach (var entry in zip.Entries)
                EnsureInside(entry.FullName);
            var manifest = zip.GetEntry(BundlePaths.ManifestEntry)
                ?? throw ManifestError.At("bundle", $"holds no {BundlePaths.ManifestEntry} at its top level");
            if (manifest.Length > 1024 * 1024)
                throw ManifestError.At("bundle", $"{BundlePaths.ManifestEntry} is larger than 1 MiB");
            using var reader = new StreamReader(manifest.Open(), Encoding.UTF8);
            return new ManifestBundle(zip, reader.ReadToEnd());
        }
        catch
        {
            zip.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Writes the file a source names into <paramref name="destination"/>, at most <paramref name="maxBytes"/>. A
    /// folder of the bundle becomes a ZIP of its files (a template keeps its code as plain files).
    /// </summary>
    public async Task ExtractAsync(ManifestSource source, string destination, long maxBytes, CancellationToken ct)
    {
        var entry = _zip.GetEntry(source.Value);
        if (entry is null)
        {
            var prefix = source.Value.TrimEnd('/') + "/";
            var inside = _zip.Entries.Where(e => e.FullName.StartsWith(prefix, StringComparison.Ordinal) && e.Name.Length > 0).ToList();
            if (inside.Count == 0)
                throw ManifestError.At(source.Field, $"names \"{source.Value}\", which is not in the bundle");
            if (inside.Sum(e => e.Length) > maxBytes)
                throw ManifestError.At(source.Field, $"the folder \"{source.Value}\" is larger than the limit of {maxBytes / (1024 * 1024)} MiB");
            await using var file = File.Create(destination);
            using var folder = new ZipArchive(file, ZipArchiveMode.Create);
            foreach (var item in inside)
            {
                await using var from = item.Open();
                await using var to = folder.CreateEntry(item.FullName[prefix.Length..], CompressionLevel.Fastest).Open();
                await from.CopyToAsync(to, ct);
            }
            return;
        }
        if (entry.Length > maxBytes)
            throw ManifestError.At(source.Field, $"\"{source.Value}\" is larger than the limit of {maxBytes / (1024 * 1024)} MiB");
        await using var content = entry.Open();
        await SourceFetcher.CopyLimitedAsync(content, destination, maxBytes,
            () => ManifestError.At(source.Field, $"\"{source.Value}\" is larger than the limit of {maxBytes / (1024 * 1024)} MiB"), ct);
    }

    public void Dispose() => _zip.Dispose();

    private static void EnsureInside(string entryName)
    {
        var name = entryName.Replace('\\', '/');
        if (name.StartsWith('/') || (name.Length > 1 && name[1] == ':') || name.Split('/').Any(p => p == ".."))
            throw ManifestError.At("bundle", $"entry \"{entryName}\" points outside the bundle; a bundle holds only relative paths without \"..\"");
    }
}
