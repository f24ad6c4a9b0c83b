using System.CommandLine;
using ConPaaS.Cli.Output;
using ConPaaS.Domain.Contracts;

namespace ConPaaS.Cli.Commands;

public sealed class AvailableCommand : OutputCommand
{
    public AvailableCommand() : base("available", "List the service types this portal offers, with their roles.")
    {
    }

    protected override async Task RunAsync(ParseResult parse, CliContext context, CancellationToken ct)
    {
        var types = await context.Portal.GetAsync<List<ServiceTypeDto>>("types", ct);
        Show(parse, context, types, (output, list) =>
        {
            var table = new Table("TYPE", "NAME", "ROLES", "DESCRIPTION");
            foreach (var t in list)
                table.Add(t.Type, t.Name, string.Join(", ", t.Roles), t.Description);
            table.WriteTo(output, "This portal offers no service types.");
        });
    }
}
