using System.CommandLine;
using ConPaaS.Cli.Output;
using ConPaaS.Cli.Portal;

namespace ConPaaS.Cli.Commands;

public sealed class DownloadManifestCommand : CpsCommand
{
    private readonly Argument<string> _application = new("application") { Description = "The application's id or name." };
    private readonly Option<string?> _output = new("--output", "-o") { Description = "Where to save the bundle; '<application>.manifest.zip' in this folder when left out." };

    public DownloadManifestCommand() : base("download_manifest",
        "Export an application as a manifest bundle (manifest, active code archives, database dumps) that 'cps manifest' deploys again.")
    {
        Add(_application);
        Add(_output);
    }

    protected override async Task RunAsync(ParseResult parse, CliContext context, CancellationToken ct)
    {
        var application = await Lookup.ApplicationAsync(context.Portal, parse.GetRequiredValue(_application), ct);
        using var response = await context.Portal.GetStreamingAsync($"applications/{application.Id}/manifest", ct);
        var suggested = Path.GetFileName((response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName ?? "").Trim('"'));
        var path = parse.GetValue(_output) ?? (string.IsNullOrWhiteSpace(suggested) ? $"application-{application.Id}.manifest.zip" : suggested);
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        var bytes = await Files.SaveAsync(body, path, ct);
        context.Output.WriteLine($"Saved application {application.Id} '{application.Name}' as a manifest bundle to {path} ({bytes} bytes).");
    }
}
