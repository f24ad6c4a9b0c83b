using System.CommandLine;
using ConPaaS.Cli.Output;
using ConPaaS.Cli.Portal;
using ConPaaS.Domain.Contracts;

namespace ConPaaS.Cli.Commands;

public sealed class InfoCommand : OutputCommand
{
    private readonly Argument<string> _service = new("service") { Description = "The service's id or name." };

    public InfoCommand() : base("info", "Show one service.")
    {
        Add(_service);
    }

    protected override async Task RunAsync(ParseResult parse, CliContext context, CancellationToken ct)
    {
        var found = await Lookup.ServiceAsync(context.Portal, parse.GetRequiredValue(_service), ct);
        var service = await context.Portal.GetAsync<ServiceDto>($"services/{found.Id}", ct);
        Show(parse, context, service, (output, s) =>
        {
            output.WriteLine($"id:           {s.Id}");
            output.WriteLine($"name:         {s.Name}");
            output.WriteLine($"type:         {s.Type}");
            output.WriteLine($"application:  {s.ApplicationId}");
            output.WriteLine($"state:        {s.State}");
            if (s.StateReason is not null)
                output.WriteLine($"reason:       {s.StateReason}");
            if (s.Health is not null)
                output.WriteLine($"health:       {s.Health}{(s.HealthReason is null ? "" : $": {s.HealthReason}")}");
            if (s.Url is not null)
                output.WriteLine($"url:          {s.Url}");
            if (s.Access is { } access)
            {
                output.WriteLine($"address:      {access.Host}:{access.Port} (user {access.User})");
                if (access.ReadPort is { } readPort)
                    output.WriteLine($"read address: {access.Host}:{readPort}");
                output.WriteLine($"connect:      {access.CommandLine}");
            }
            output.WriteLine($"created:      {Formats.Time(s.CreatedAt)}");
            output.WriteLine($"state since:  {Formats.Time(s.StateChangedAt)}");
        });
    }
}
