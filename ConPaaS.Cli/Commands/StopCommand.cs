using System.CommandLine;
using ConPaaS.Domain.Contracts;

namespace ConPaaS.Cli.Commands;

public sealed class StopCommand : ServiceChangeCommand
{
    public StopCommand() : base("stop", "Stop a service: its nodes are terminated.")
    {
    }

    protected override Task<ServiceDto> BeginAsync(ParseResult parse, CliContext context, ServiceDto service, CancellationToken ct) =>
        context.Portal.PostAsync<ServiceDto>($"services/{service.Id}/stop", null, ct);

    protected override string Began(ParseResult parse, ServiceDto service) => $"Stopping service {service.Id} '{service.Name}'";
}
