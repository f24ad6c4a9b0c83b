using System.CommandLine;
using ConPaaS.Domain.Contracts;

namespace ConPaaS.Cli.Commands;

public sealed class AddNodesCommand : ServiceChangeCommand
{
    private readonly Argument<string> _role = new("role") { Description = "The role of the new nodes ('cps usage SERVICE' lists the service's roles)." };
    private readonly Argument<int> _count = new("count") { Description = "How many nodes to add." };
    private readonly Option<string?> _cloud = new("--cloud") { Description = "The cloud to create them in; the service's own when left out." };

    public AddNodesCommand() : base("add_nodes", "Add nodes of one role to a running service.")
    {
        Add(_role);
        Add(_count);
        Add(_cloud);
    }

    protected override Task<ServiceDto> BeginAsync(ParseResult parse, CliContext context, ServiceDto service, CancellationToken ct) =>
        context.Portal.PostAsync<ServiceDto>($"services/{service.Id}/nodes",
            new AddNodesRequest(parse.GetRequiredValue(_role), parse.GetValue(_count), parse.GetValue(_cloud)), ct);

    protected override string Began(ParseResult parse, ServiceDto service) => $"Adding nodes to service {service.Id} '{service.Name}'";
}
