using System.CommandLine;
using ConPaaS.Domain.Contracts;

namespace ConPaaS.Cli.Commands;

public sealed class CreateAppCommand : OutputCommand
{
    private readonly Argument<string> _name = new("name") { Description = "The new application's name." };

    public CreateAppCommand() : base("createapp", "Create an application.")
    {
        Add(_name);
    }

    protected override async Task RunAsync(ParseResult parse, CliContext context, CancellationToken ct)
    {
        var created = await context.Portal.PostAsync<ApplicationDto>(
            "applications", new CreateApplicationRequest(parse.GetRequiredValue(_name)), ct);
        Show(parse, context, created, (output, a) => output.WriteLine($"Created application {a.Id} '{a.Name}'."));
    }
}
