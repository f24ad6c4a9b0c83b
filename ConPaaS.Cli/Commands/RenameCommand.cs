using System.CommandLine;
using ConPaaS.Cli.Portal;
using ConPaaS.Domain.Contracts;

namespace ConPaaS.Cli.Commands;

public sealed class RenameCommand : OutputCommand
{
    private readonly Argument<string> _service = new("service") { Description = "The service's id or name." };
    private readonly Argument<string> _name = new("newname") { Description = "Its new name." };

    public RenameCommand() : base("rename", "Rename a service.")
    {
        Add(_service);
        Add(_name);
    }

    protected override async Task RunAsync(ParseResult parse, CliContext context, CancellationToken ct)
    {
        var service = await Lookup.ServiceAsync(context.Portal, parse.GetRequiredValue(_service), ct);
        var renamed = await context.Portal.PatchAsync<ServiceDto>(
            $"services/{service.Id}", new RenameRequest(parse.GetRequiredValue(_name)), ct);
        Show(parse, context, renamed, (output, s) => output.WriteLine($"Renamed service {s.Id} '{service.Name}' to '{s.Name}'."));
    }
}
