using System.Diagnostics;
using System.IO.Compression;
using ConPaaS.Domain.Contracts;
using ConPaaS.Domain.Errors;
using ConPaaS.Domain.Manifests;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConPaaS.Infrastructure.Manifests;

/// <summary>
/// The ready-made applications: one folder per template under <see cref="ManifestOptions.TemplatesDirectory"/>,
/// holding <c>manifest.json</c> and its files. A template whose files are made by a script (<c>pack.sh</c>, e.g.
/// from Debian's packages) is packed the first time it is deployed.
/// </summary>
public sealed class TemplateGallery(IOptions<ManifestOptions> options, ILogger<TemplateGallery> logger)
{
    private const string PackScript = "pack.sh";
    private static readonly SemaphoreSlim PackLock = new(1, 1);

    public string? Directory => Locate(options.Value.TemplatesDirectory);

    public IReadOnlyList<TemplateDto> List()
    {
        if (Directory is not { } root)
            return [];
        var templates = new List<TemplateDto>();
        foreach (var folder in System.IO.Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            var file = Path.Combine(folder, BundlePaths.ManifestEntry);
            if (!File.Exists(file))
                continue;
            try
            {
                var template = ManifestReader.Parse(File.ReadAllText(file));
                templates.Add(new TemplateDto(Path.GetFileName(folder), template.Application ?? Path.GetFileName(folder), template.Description,
                    template.Variables.Select(v => new TemplateVariableDto(v.Id, v.Label, v.Default, v.Pattern)).ToList()));
            }
            catch (InvalidInputException broken)
            {
                logger.LogWarning("Template {Template} is not offered: {Problem}", folder, broken.Message);
            }
        }
        return templates;
    }

    /// <summary>The template as a bundle in a temporary file (deleted when the stream closes).</summary>
    public async Task<Stream> OpenBundleAsync(string name, CancellationToken ct)
    {
        var folder = Directory is { } root && List().Any(t => t.Name == name) ? Path.Combine(root, name) : null;
        if (folder is null)
            throw new NotFoundException("Template", name);
        await PackAsync(folder, ct);
        var path = Path.Combine(Path.GetTempPath(), $"conpaas-template-{Guid.NewGuid():N}.zip");
        ZipFile.CreateFromDirectory(folder, path, CompressionLevel.Fastest, includeBaseDirectory: false);
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
    }

    /// <summary>Runs the template's pack script once, when it has one and has not made its files yet.</summary>
    private async Task PackAsync(string folder, CancellationToken ct)
    {
        var script = Path.Combine(folder, PackScript);
        if (!File.Exists(script))
            return;
        await PackLock.WaitAsync(ct);
        try
        {
            var start = new ProcessStartInfo("bash", [script, "--if-missing"]) { WorkingDirectory = folder, RedirectStandardError = true, RedirectStandardOutput = true };
            using var pack = Process.Start(start) ?? throw new ConflictException($"Could not run {PackScript} of template {Path.GetFileName(folder)}.");
            var errors = pack.StandardError.ReadToEndAsync(ct);
            await pack.StandardOutput.ReadToEndAsync(ct);
            await pack.WaitForExitAsync(ct);
            if (pack.ExitCode != 0)
                throw new ConflictException($"Template {Path.GetFileName(folder)} could not be packed: {(await errors).Trim()}");
        }
        finally
        {
            PackLock.Release();
        }
    }

    /// <summary>The configured folder, or else a <c>manifests</c> folder above the working directory or the binaries.</summary>
    private static string? Locate(string configured)
    {
        if (Path.IsPathRooted(configured))
            return System.IO.Directory.Exists(configured) ? configured : null;
        foreach (var start in new[] { System.IO.Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, configured);
                if (System.IO.Directory.Exists(candidate))
                    return candidate;
            }
        }
        return null;
    }
}
