using System.CommandLine;
using ConPaaS.Domain.Contracts;

namespace ConPaaS.Cli.Commands;

public sealed class EnableCodeCommand : ServiceChangeCommand
{
    private readonly Argument<string> _version = new("version") { Description = "The code version ('cps list_code SERVICE' lists them)." };

    public EnableCodeCommand() : base("enable_code",
        "Serve a code version: a running service switches its nodes one by one; a stopped one serves it when it starts.")
    {
        Add(_version);
    }

    protected override Task<ServiceDto> BeginAsync(ParseResult parse, CliContext context, ServiceDto service, CancellationToken ct) =>
        context.Portal.PostAsync<ServiceDto>(
            $"services/{service.Id}/code/{Uri.EscapeDataString(parse.GetRequiredValue(_version))}/activate", null, ct);

    protected override string Began(ParseResult parse, ServiceDto service) => service.ActiveOperation is null
        ? $"Service {service.Id} '{service.Name}' will serve code version {parse.GetRequiredValue(_version)} when it starts"
        : $"Switching service {service.Id} '{service.Name}' to code version {parse.GetRequiredValue(_version)}";
}
