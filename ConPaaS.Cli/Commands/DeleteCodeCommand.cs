using System.CommandLine;
using ConPaaS.Cli.Portal;

namespace ConPaaS.Cli.Commands;

public sealed class DeleteCodeCommand : CpsCommand
{
    private readonly Argument<string> _service = new("service") { Description = "The service's id or name." };
    private readonly Argument<string> _version = new("version") { Description = "The code version ('cps list_code SERVICE'); not the one it serves." };

    public DeleteCodeCommand() : base("delete_code", "Delete a code version of a php or java service.")
    {
        Add(_service);
        Add(_version);
    }

    protected override async Task RunAsync(ParseResult parse, CliContext context, CancellationToken ct)
    {
        var service = await Lookup.ServiceAsync(context.Portal, parse.GetRequiredValue(_service), ct);
        var version = parse.GetRequiredValue(_version);
        await context.Portal.DeleteAsync($"services/{service.Id}/code/{Uri.EscapeDataString(version)}", ct);
        context.Output.WriteLine($"Deleted code version {version} of service {service.Id} '{service.Name}'.");
    }
}
