using System.CommandLine;
using ConPaaS.Domain.Contracts;

namespace ConPaaS.Cli.Commands;

public sealed class DeployCommand : DeploymentCommand
{
    private readonly Argument<string> _template = new("template") { Description = "A ready-made application of the portal's gallery (e.g. guestbook)." };

    public DeployCommand() : base("deploy", "Deploy a ready-made application of the portal's gallery by its name.")
    {
        Add(_template);
    }

    protected override async Task RunAsync(ParseResult parse, CliContext context, CancellationToken ct)
    {
        var name = parse.GetRequiredValue(_template);
        var variables = Variables(parse);
        var templates = await context.Portal.GetAsync<List<TemplateDto>>("templates", ct);
        if (templates.All(t => t.Name != name))
            throw CliFailure.Refused($"the portal has no template '{name}'; its templates: {string.Join(", ", templates.Select(t => t.Name))}");
        var deployment = await context.Portal.PostAsync<DeploymentDto>($"templates/{Uri.EscapeDataString(name)}/deploy",
            new DeployTemplateRequest(variables, Rollback(parse)), ct);
        await ShowAsync(parse, context, deployment, ct);
    }
}
