using System.CommandLine;
using ConPaaS.Cli.Portal;
using ConPaaS.Domain.Contracts;

namespace ConPaaS.Cli.Commands;

/// <summary>
/// The original's <c>select_schedule</c>: runs the sampled bag with schedule N, or with the fastest schedule
/// within a budget, or (for a bag too small to sample) as it is.
/// </summary>
public sealed class SelectScheduleCommand : OutputCommand
{
    private readonly Argument<string> _service = new("service") { Description = "The taskfarm service's id or name." };
    private readonly Argument<int?> _index = new("n") { Description = "The schedule's number ('cps schedules' lists them).", Arity = ArgumentArity.ZeroOrOne };
    private readonly Option<decimal?> _budget = new("--budget") { Description = "Instead of N: a budget never exceeded; runs the fastest schedule it pays for at its upper bound, else the fastest expected to fit." };
    private readonly Option<bool> _runDirectly = new("--run-directly") { Description = "Instead of N: run a bag too small to sample as it is." };
    private readonly Option<bool> _wait = new("--wait") { Description = "Wait until the bag is done, showing progress on standard error; exit 2 if it fails." };

    public SelectScheduleCommand() : base("select_schedule", "Execute the sampled bag with schedule N (or --budget, or --run-directly).")
    {
        Add(_service);
        Add(_index);
        Add(_budget);
        Add(_runDirectly);
        Add(_wait);
    }

    protected override async Task RunAsync(ParseResult parse, CliContext context, CancellationToken ct)
    {
        var index = parse.GetValue(_index);
        var budget = parse.GetValue(_budget);
        var runDirectly = parse.GetValue(_runDirectly);
        if ((index is not null ? 1 : 0) + (budget is not null ? 1 : 0) + (runDirectly ? 1 : 0) != 1)
            throw CliFailure.Usage("give exactly one of: a schedule number N, --budget AMOUNT, or --run-directly");
        var service = await Lookup.ServiceAsync(context.Portal, parse.GetRequiredValue(_service), ct);

        var farm = index is { } n
            ? await context.Portal.PostAsync<TaskFarmProgressDto>($"services/{service.Id}/schedules/{n}/select", null, ct)
            : await context.Portal.PostAsync<TaskFarmProgressDto>($"services/{service.Id}/execute", new TaskFarmExecuteRequest(budget, runDirectly), ct);
        if (parse.GetValue(_wait))
            farm = await new FarmWatcher(context.Portal, context.Error).WaitAsync(service.Id, farm, ct);
        Show(parse, context, farm, (output, f) => output.WriteLine(f.Phase == "Executing"
            ? $"{FarmWatcher.Describe(f)}. Follow it with 'cps progress {service.Id} --wait'."
            : FarmWatcher.Describe(f) + "."));
    }
}
