using System.CommandLine;
using ConPaaS.Cli.Output;
using ConPaaS.Cli.Portal;
using ConPaaS.Domain.Contracts;

namespace ConPaaS.Cli.Commands;

public sealed class ListNodesCommand : OutputCommand
{
    private readonly Argument<string> _service = new("service") { Description = "The service's id or name." };

    public ListNodesCommand() : base("list_nodes", "List a service's nodes (those not terminated) with their roles, states and addresses.")
    {
        Add(_service);
    }

    protected override async Task RunAsync(ParseResult parse, CliContext context, CancellationToken ct)
    {
        var service = await Lookup.ServiceAsync(context.Portal, parse.GetRequiredValue(_service), ct);
        var nodes = await context.Portal.GetAsync<List<NodeDto>>($"services/{service.Id}/nodes", ct);
        Show(parse, context, nodes, (output, list) =>
        {
            var table = new Table("ID", "ROLES", "STATE", "ADDRESS", "CLOUD", "TYPE", "STARTED");
            foreach (var n in list)
                table.Add($"{n.Id}", string.Join(",", n.Roles), n.StateReason is null ? n.State : $"{n.State} ({n.StateReason})",
                    n.Address ?? "-", n.Cloud, n.InstanceType, n.StartedAt is { } started ? Formats.Time(started) : "-");
            table.WriteTo(output, $"Service {service.Id} '{service.Name}' has no nodes.");
        });
    }
}
