using System.CommandLine;
using ConPaaS.Cli.Portal;

namespace ConPaaS.Cli.Commands;

public sealed class DownloadCodeCommand : CpsCommand
{
    private readonly Argument<string> _service = new("service") { Description = "The service's id or name." };
    private readonly Argument<string> _version = new("version") { Description = "The code version ('cps list_code SERVICE')." };
    private readonly Option<string?> _output = new("--output", "-o") { Description = "Where to save the ZIP; the portal's file name in this folder when left out." };

    public DownloadCodeCommand() : base("download_code", "Download a code version as a ZIP archive.")
    {
        Add(_service);
        Add(_version);
        Add(_output);
    }

    protected override async Task RunAsync(ParseResult parse, CliContext context, CancellationToken ct)
    {
        var service = await Lookup.ServiceAsync(context.Portal, parse.GetRequiredValue(_service), ct);
        var version = parse.GetRequiredValue(_version);
        var (path, bytes) = await Downloads.SaveAsync(context.Portal, $"services/{service.Id}/code/{Uri.EscapeDataString(version)}",
            parse.GetValue(_output), $"service-{service.Id}-{version}.zip", ct);
        context.Output.WriteLine($"Saved code version {version} of service {service.Id} '{service.Name}' to {path} ({bytes} bytes).");
    }
}
