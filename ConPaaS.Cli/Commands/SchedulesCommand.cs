using System.CommandLine;
using ConPaaS.Cli.Output;
using ConPaaS.Cli.Portal;
using ConPaaS.Domain.Contracts;

namespace ConPaaS.Cli.Commands;

/// <summary>The time/cost schedules a sampled bag offers, for <c>select_schedule</c>.</summary>
public sealed class SchedulesCommand : OutputCommand
{
    private readonly Argument<string> _service = new("service") { Description = "The taskfarm service's id or name." };

    public SchedulesCommand() : base("schedules", "List the schedules a sampled bag offers: machines per type, expected and worst-case time and cost; * marks the chosen one.")
    {
        Add(_service);
    }

    protected override async Task RunAsync(ParseResult parse, CliContext context, CancellationToken ct)
    {
        var service = await Lookup.ServiceAsync(context.Portal, parse.GetRequiredValue(_service), ct);
        var front = await context.Portal.GetAsync<TaskFarmSchedulesDto>($"services/{service.Id}/schedules", ct);
        Show(parse, context, front, (output, f) =>
        {
            var table = new Table("", "N", "MACHINES", "TIME", "TIME (UPPER)", "COST", "COST (UPPER)", "");
            foreach (var s in f.Schedules)
            {
                var machines = string.Join(" ", s.Machines.Select((count, type) => (count, type)).Where(m => m.count > 0)
                    .Select(m => $"{m.count}×{f.Types[m.type].Name}"));
                table.Add(s.Index == f.Chosen ? "*" : "", $"{s.Index}", machines, Duration(s.ExpectedSeconds), Duration(s.UpperSeconds),
                    Formats.Money(s.ExpectedCost), Formats.Money(s.UpperCost), ScheduleMarkWords.Describe(s.Marks));
            }
            table.WriteTo(output, $"Service {service.Id} '{service.Name}' offers no schedules yet (phase {f.Phase}); upload a bag and let it sample.");
        });
    }

    private static string Duration(double seconds) => TimeSpan.FromSeconds(Math.Round(seconds)).ToString(seconds >= 3600 ? @"h\:mm\:ss" : @"m\:ss");
}
