using System.CommandLine;
using ConPaaS.Cli.Portal;
using ConPaaS.Domain.Contracts;

namespace ConPaaS.Cli.Commands;

/// <summary>
/// A verb that begins a change of a service the portal carries out in the background (it answers 202): it
/// names the service by id or name, and with <c>--wait</c> follows it until it settles.
/// </summary>
public abstract class ServiceChangeCommand : OutputCommand
{
    private readonly Argument<string> _service = new("service") { Description = "The service's id or name." };
    private readonly Option<bool> _wait = new("--wait")
    {
        Description = "Wait until the service settles (Running or Stopped), showing progress on standard error; exit 2 if it fails.",
    };

    protected ServiceChangeCommand(string name, string description) : base(name, description)
    {
        Add(_service);
        Add(_wait);
    }

    /// <summary>Asks the portal for the change; the answer is the service as it now is.</summary>
    protected abstract Task<ServiceDto> BeginAsync(ParseResult parse, CliContext context, ServiceDto service, CancellationToken ct);

    /// <summary>The line shown once the portal accepted the change, e.g. "Starting service 3 'web'".</summary>
    protected abstract string Began(ParseResult parse, ServiceDto service);

    protected override async Task RunAsync(ParseResult parse, CliContext context, CancellationToken ct)
    {
        var found = await Lookup.ServiceAsync(context.Portal, parse.GetRequiredValue(_service), ct);
        var service = await BeginAsync(parse, context, found, ct);
        if (!parse.GetValue(_wait) || service.ActiveOperation is null)
        {
            Show(parse, context, service, (output, s) => output.WriteLine(
                s.ActiveOperation is null ? $"{Began(parse, s)}." : $"{Began(parse, s)}; follow it with 'cps info {s.Id}' (or use --wait)."));
            return;
        }

        await context.Error.WriteLineAsync($"{Began(parse, service)}...");
        var settled = await new ServiceWatcher(context.Portal, context.Error).WaitAsync(service, ct);
        Show(parse, context, settled, (output, s) => output.WriteLine($"Service {s.Id} '{s.Name}' is {s.State}."));
    }
}
