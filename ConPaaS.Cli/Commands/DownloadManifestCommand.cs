using System.CommandLine;
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
        var (path, bytes) = await Downloads.SaveAsync(context.Portal, $"applications/{application.Id}/manifest",
            parse.GetValue(_output), $"application-{application.Id}.manifest.zip", ct);
        context.Output.WriteLine($"Saved application {application.Id} '{application.Name}' as a manifest bundle to {path} ({bytes} bytes).");
    }
}
