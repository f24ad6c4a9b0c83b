using System.CommandLine;
using ConPaaS.Cli.Portal;

namespace ConPaaS.Cli.Commands;

/// <summary>Saves a taskfarm bag's outputs: one ZIP with each task's whole stdout and stderr (line-&lt;n&gt;/).</summary>
public sealed class OutputsCommand : CpsCommand
{
    private readonly Argument<string> _service = new("service") { Description = "The taskfarm service's id or name." };
    private readonly Option<string?> _output = new("--output", "-o") { Description = "The ZIP file to write (default: the portal's name for it, <service>-outputs.zip, here)." };

    public OutputsCommand() : base("outputs", "Download a taskfarm bag's outputs as one ZIP: each task's whole stdout and stderr, by its line in the bag.")
    {
        Add(_service);
        Add(_output);
    }

    protected override async Task RunAsync(ParseResult parse, CliContext context, CancellationToken ct)
    {
        var service = await Lookup.ServiceAsync(context.Portal, parse.GetRequiredValue(_service), ct);
        var (path, bytes) = await Downloads.SaveAsync(context.Portal, $"services/{service.Id}/outputs.zip", parse.GetValue(_output), $"{service.Name}-outputs.zip", ct);
        await context.Output.WriteLineAsync($"Saved the outputs of service {service.Id} '{service.Name}' to {path} ({bytes} bytes).");
    }
}
