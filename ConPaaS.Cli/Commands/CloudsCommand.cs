using System.CommandLine;
using ConPaaS.Cli.Output;
using ConPaaS.Domain.Contracts;

namespace ConPaaS.Cli.Commands;

public sealed class CloudsCommand : OutputCommand
{
    public CloudsCommand() : base("clouds", "List the clouds services can run in, with their instance types and hourly prices.")
    {
    }

    protected override async Task RunAsync(ParseResult parse, CliContext context, CancellationToken ct)
    {
        var clouds = await context.Portal.GetAsync<List<CloudDto>>("clouds", ct);
        Show(parse, context, clouds, (output, list) =>
        {
            var table = new Table("NAME", "DRIVER", "DEFAULT", "INSTANCE TYPES");
            foreach (var c in list)
                table.Add(c.Name, c.Driver, c.IsDefault ? "yes" : "",
                    string.Join(", ", c.InstanceTypes.Select(i => $"{i.Name} {Formats.Price(i.PricePerHour)}")));
            table.WriteTo(output, "This portal has no clouds configured.");
        });
    }
}
