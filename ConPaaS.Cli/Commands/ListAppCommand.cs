using System.CommandLine;
using ConPaaS.Cli.Output;
using ConPaaS.Cli.Portal;

namespace ConPaaS.Cli.Commands;

public sealed class ListAppCommand : OutputCommand
{
    public ListAppCommand() : base("listapp", "List your applications.")
    {
    }

    protected override async Task RunAsync(ParseResult parse, CliContext context, CancellationToken ct)
    {
        var applications = await Lookup.ApplicationsAsync(context.Portal, ct);
        Show(parse, context, applications, (output, list) =>
        {
            var table = new Table("ID", "NAME", "SERVICES", "OWNER", "CREATED");
            foreach (var a in list)
                table.Add($"{a.Id}", a.Name, $"{a.Services.Count}", a.Owner, Formats.Time(a.CreatedAt));
            table.WriteTo(output, "No applications yet; create one with 'cps createapp NAME'.");
        });
    }
}
