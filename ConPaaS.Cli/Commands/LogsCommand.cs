using System.CommandLine;
using System.Globalization;
using ConPaaS.Cli.Output;
using ConPaaS.Cli.Portal;
using ConPaaS.Domain.Contracts;

namespace ConPaaS.Cli.Commands;

/// <summary>
/// The service's history (its operations, newest first), or with <c>--node</c> one node's log files, or with
/// <c>--file</c> too the last lines of one of them.
/// </summary>
public sealed class LogsCommand : OutputCommand
{
    private readonly Argument<string> _service = new("service") { Description = "The service's id or name." };
    private readonly Option<int?> _node = new("--node") { Description = "A node's id ('cps list_nodes SERVICE'): list its log files." };
    private readonly Option<string?> _file = new("--file") { Description = "With --node: show the last lines of this log file." };
    private readonly Option<int> _tail = new("--tail") { Description = "With --file: how many lines, from the end.", DefaultValueFactory = _ => 200 };

    public LogsCommand() : base("logs", "Show a service's history, a node's log files, or the end of one of them.")
    {
        Add(_service);
        Add(_node);
        Add(_file);
        Add(_tail);
    }

    protected override async Task RunAsync(ParseResult parse, CliContext context, CancellationToken ct)
    {
        var node = parse.GetValue(_node);
        var file = parse.GetValue(_file);
        if (node is null && file is not null)
            throw CliFailure.Usage("--file needs --node: cps logs SERVICE --node N --file F");
        if (parse.GetValue(_tail) < 1)
            throw CliFailure.Usage("--tail takes a number of lines, 1 or more");

        var service = await Lookup.ServiceAsync(context.Portal, parse.GetRequiredValue(_service), ct);
        if (node is null)
            await ShowHistoryAsync(parse, context, service, ct);
        else if (file is null)
            await ShowFilesAsync(parse, context, service, node.Value, ct);
        else
            await ShowTailAsync(parse, context, service, node.Value, file, ct);
    }

    private async Task ShowHistoryAsync(ParseResult parse, CliContext context, ServiceDto service, CancellationToken ct)
    {
        var operations = await context.Portal.GetAsync<List<OperationDto>>($"services/{service.Id}/logs", ct);
        Show(parse, context, operations, (output, list) =>
        {
            if (list.Count == 0)
            {
                output.WriteLine($"Service {service.Id} '{service.Name}' has no history yet.");
                return;
            }
            foreach (var o in list)
            {
                var finished = o.FinishedAt is { } at ? $" .. {Formats.Time(at)}" : "";
                output.WriteLine($"{Formats.Time(o.CreatedAt)}{finished}  #{o.Id} {o.Description}: {o.Status}");
                if (!string.IsNullOrEmpty(o.Step))
                    output.WriteLine($"    {o.Step} ({o.Done}/{o.Total})");
                if (o.Error is not null)
                    output.WriteLine($"    error: {o.Error}");
            }
        });
    }

    private async Task ShowFilesAsync(ParseResult parse, CliContext context, ServiceDto service, int node, CancellationToken ct)
    {
        var files = await context.Portal.GetAsync<List<LogFileDto>>($"services/{service.Id}/nodes/{Id(node)}/logs", ct);
        Show(parse, context, files, (output, list) =>
        {
            var table = new Table("FILE", "BYTES", "MODIFIED");
            foreach (var f in list)
                table.Add(f.Name, f.Length.ToString(CultureInfo.InvariantCulture), Formats.Time(f.LastWriteTime));
            table.WriteTo(output, $"Node {node} has no log files yet.");
        });
    }

    private async Task ShowTailAsync(ParseResult parse, CliContext context, ServiceDto service, int node, string file, CancellationToken ct)
    {
        var path = $"services/{service.Id}/nodes/{Id(node)}/logs?file={Uri.EscapeDataString(file)}&tail={Id(parse.GetValue(_tail))}";
        var content = await context.Portal.GetAsync<LogContentDto>(path, ct);
        Show(parse, context, content, (output, c) =>
        {
            output.Write(c.Text);
            if (c.Text.Length > 0 && !c.Text.EndsWith('\n'))
                output.WriteLine();
        });
    }

    private static string Id(int value) => value.ToString(CultureInfo.InvariantCulture);
}
