using System.CommandLine;
using ConPaaS.Cli.Portal;

namespace ConPaaS.Cli.Commands;

public sealed class DeleteAppCommand : CpsCommand
{
    private readonly Argument<string> _application = new("app") { Description = "The application's id or name." };

    public DeleteAppCommand() : base("deleteapp", "Delete an application and its services; they must all be stopped.")
    {
        Add(_application);
    }

    protected override async Task RunAsync(ParseResult parse, CliContext context, CancellationToken ct)
    {
        var application = await Lookup.ApplicationAsync(context.Portal, parse.GetRequiredValue(_application), ct);
        await context.Portal.DeleteAsync($"applications/{application.Id}", ct);
        context.Output.WriteLine($"Deleted application {application.Id} '{application.Name}'.");
    }
}
