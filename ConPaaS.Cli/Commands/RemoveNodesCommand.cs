using System.CommandLine;
using System.Globalization;
using ConPaaS.Domain.Contracts;

namespace ConPaaS.Cli.Commands;

public sealed class RemoveNodesCommand : ServiceChangeCommand
{
    private readonly Argument<string?> _role = new("role")
    {
        Description = "The role of the nodes to remove (the youngest go first).",
        Arity = ArgumentArity.ZeroOrOne,
    };
    private readonly Argument<int?> _count = new("count") { Description = "How many to remove.", Arity = ArgumentArity.ZeroOrOne };
    private readonly Option<int?> _node = new("--node") { Description = "Remove this one node (its id, as 'cps list_nodes' shows) instead." };

    public RemoveNodesCommand() : base("remove_nodes", "Remove nodes of one role, or one node, from a running service.")
    {
        Add(_role);
        Add(_count);
        Add(_node);
    }

    protected override Task<ServiceDto> BeginAsync(ParseResult parse, CliContext context, ServiceDto service, CancellationToken ct)
    {
        var role = parse.GetValue(_role);
        var count = parse.GetValue(_count);
        if (parse.GetValue(_node) is { } node)
        {
            if (role is not null)
                throw CliFailure.Usage("give either ROLE COUNT or --node N, not both");
            return context.Portal.DeleteAsync<ServiceDto>($"services/{service.Id}/nodes/{node.ToString(CultureInfo.InvariantCulture)}", ct);
        }
        if (role is null || count is null)
            throw CliFailure.Usage("name the nodes to remove: cps remove_nodes SERVICE ROLE COUNT, or cps remove_nodes SERVICE --node N");
        return context.Portal.DeleteAsync<ServiceDto>(
            $"services/{service.Id}/nodes?role={Uri.EscapeDataString(role)}&count={count.Value.ToString(CultureInfo.InvariantCulture)}", ct);
    }

    protected override string Began(ParseResult parse, ServiceDto service) => $"Removing nodes from service {service.Id} '{service.Name}'";
}
