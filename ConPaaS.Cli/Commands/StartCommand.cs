using System.CommandLine;
using ConPaaS.Domain.Contracts;

namespace ConPaaS.Cli.Commands;

public sealed class StartCommand : ServiceChangeCommand
{
    private readonly Option<string?> _cloud = new("--cloud") { Description = "The cloud to start its nodes in ('cps clouds'); the default one when left out." };

    public StartCommand() : base("start", "Start a service: its first nodes are created and configured.")
    {
        Add(_cloud);
    }

    protected override Task<ServiceDto> BeginAsync(ParseResult parse, CliContext context, ServiceDto service, CancellationToken ct) =>
        context.Portal.PostAsync<ServiceDto>($"services/{service.Id}/start", new StartServiceRequest(parse.GetValue(_cloud)), ct);

    protected override string Began(ParseResult parse, ServiceDto service) => $"Starting service {service.Id} '{service.Name}'";
}
