using System.CommandLine;
using ConPaaS.Cli.Portal;
using ConPaaS.Domain.Contracts;

namespace ConPaaS.Cli.Commands;

public sealed class RenameAppCommand : OutputCommand
{
    private readonly Argument<string> _application = new("app") { Description = "The application's id or name." };
    private readonly Argument<string> _name = new("newname") { Description = "Its new name." };

    public RenameAppCommand() : base("renameapp", "Rename an application.")
    {
        Add(_application);
        Add(_name);
    }

    protected override async Task RunAsync(ParseResult parse, CliContext context, CancellationToken ct)
    {
        var application = await Lookup.ApplicationAsync(context.Portal, parse.GetRequiredValue(_application), ct);
        var renamed = await context.Portal.PatchAsync<ApplicationDto>(
            $"applications/{application.Id}", new RenameRequest(parse.GetRequiredValue(_name)), ct);
        Show(parse, context, renamed, (output, a) => output.WriteLine($"Renamed application {a.Id} '{application.Name}' to '{a.Name}'."));
    }
}
