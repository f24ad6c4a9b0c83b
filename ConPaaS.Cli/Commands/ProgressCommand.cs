using System.CommandLine;
using ConPaaS.Cli.Output;
using ConPaaS.Cli.Portal;
using ConPaaS.Domain.Contracts;

namespace ConPaaS.Cli.Commands;

/// <summary>Where a TaskFarm service's bag is: tasks done of N, money spent, what is left, workers and failed tasks.</summary>
public sealed class ProgressCommand : OutputCommand
{
    private readonly Argument<string> _service = new("service") { Description = "The taskfarm service's id or name." };
    private readonly Option<bool> _wait = new("--wait") { Description = "Wait until sampling or execution is over, showing progress on standard error." };

    public ProgressCommand() : base("progress", "Show a taskfarm service's bag: completed of total, failed, money spent, time and cost left, workers, failed tasks.")
    {
        Add(_service);
        Add(_wait);
    }

    protected override async Task RunAsync(ParseResult parse, CliContext context, CancellationToken ct)
    {
        var service = await Lookup.ServiceAsync(context.Portal, parse.GetRequiredValue(_service), ct);
        var farm = await context.Portal.GetAsync<TaskFarmProgressDto>($"services/{service.Id}/progress", ct);
        if (parse.GetValue(_wait))
            farm = await new FarmWatcher(context.Portal, context.Error).WaitAsync(service.Id, farm, ct);
        Show(parse, context, farm, (output, f) =>
        {
            output.WriteLine(FarmWatcher.Describe(f));
            if (f.Workers.Count > 0)
            {
                var workers = new Table("NODE", "TYPE", "STATE", "DONE", "RUNNING", "COST");
                foreach (var w in f.Workers)
                    workers.Add($"{w.NodeId}", w.InstanceType, w.State, $"{w.TasksDone}", $"{w.TasksRunning}", Formats.Money(w.Cost));
                output.WriteLine();
                workers.WriteTo(output, "");
            }
            if (f.FailedTasks.Count > 0)
            {
                var failed = new Table("TASK", "LINE", "EXIT", "COMMAND", "STDERR");
                foreach (var t in f.FailedTasks)
                    failed.Add($"{t.Task}", $"{t.Line}", t.TimedOut ? "timeout" : $"{t.ExitCode}", t.Command, t.Stderr.Split('\n').LastOrDefault(l => l.Length > 0) ?? "");
                output.WriteLine();
                failed.WriteTo(output, "");
            }
        });
    }
}
