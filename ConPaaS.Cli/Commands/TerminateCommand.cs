using System.CommandLine;
using ConPaaS.Cli.Portal;

namespace ConPaaS.Cli.Commands;

public sealed class TerminateCommand : CpsCommand
{
    private readonly Argument<string> _service = new("service") { Description = "The service's id or name." };

    public TerminateCommand() : base("terminate", "Delete a service; it must be stopped.")
    {
        Add(_service);
    }

    protected override async Task RunAsync(ParseResult parse, CliContext context, CancellationToken ct)
    {
        var service = await Lookup.ServiceAsync(context.Portal, parse.GetRequiredValue(_service), ct);
        await context.Portal.DeleteAsync($"services/{service.Id}", ct);
        context.Output.WriteLine($"Deleted service {service.Id} '{service.Name}'.");
    }
}
