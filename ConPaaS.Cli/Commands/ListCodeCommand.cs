using System.CommandLine;
using ConPaaS.Cli.Output;
using ConPaaS.Cli.Portal;
using ConPaaS.Domain.Contracts;

namespace ConPaaS.Cli.Commands;

public sealed class ListCodeCommand : OutputCommand
{
    private readonly Argument<string> _service = new("service") { Description = "The service's id or name." };

    public ListCodeCommand() : base("list_code", "List a php or java service's code versions, newest first; * marks the one it serves.")
    {
        Add(_service);
    }

    protected override async Task RunAsync(ParseResult parse, CliContext context, CancellationToken ct)
    {
        var service = await Lookup.ServiceAsync(context.Portal, parse.GetRequiredValue(_service), ct);
        var versions = await context.Portal.GetAsync<List<CodeVersionDto>>($"services/{service.Id}/code", ct);
        Show(parse, context, versions, (output, list) =>
        {
            var table = new Table("", "VERSION", "SOURCE", "CREATED", "AUTHOR", "MESSAGE");
            foreach (var v in list)
                table.Add(v.Active ? "*" : "", v.Id, v.Source, Formats.Time(v.CreatedAt), v.Author, FirstLine(v.Message));
            table.WriteTo(output, $"Service {service.Id} '{service.Name}' has no code versions.");
        });
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
