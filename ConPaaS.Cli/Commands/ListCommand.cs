using System.CommandLine;
using ConPaaS.Cli.Output;
using ConPaaS.Cli.Portal;

namespace ConPaaS.Cli.Commands;

public sealed class ListCommand : OutputCommand
{
    private readonly Argument<string?> _application = new("app")
    {
        Description = "Only the services of this application (id or name).",
        Arity = ArgumentArity.ZeroOrOne,
    };

    public ListCommand() : base("list", "List your services, of all applications or of one.")
    {
        Add(_application);
    }

    protected override async Task RunAsync(ParseResult parse, CliContext context, CancellationToken ct)
    {
        // The applications' names make the table readable, and resolve APP when it is a name.
        var applications = await Lookup.ApplicationsAsync(context.Portal, ct);
        var reference = parse.GetValue(_application);
        int? applicationId = reference is null ? null : Lookup.Application(applications, reference).Id;
        var services = await Lookup.ServicesAsync(context.Portal, applicationId, ct);

        Show(parse, context, services, (output, list) =>
        {
            var names = applications.ToDictionary(a => a.Id, a => a.Name);
            var table = new Table("ID", "NAME", "TYPE", "STATE", "APPLICATION");
            foreach (var s in list)
                table.Add($"{s.Id}", s.Name, s.Type, s.StateReason is null ? s.State : $"{s.State}: {s.StateReason}",
                    names.TryGetValue(s.ApplicationId, out var name) ? $"{s.ApplicationId} {name}" : $"{s.ApplicationId}");
            table.WriteTo(output, "No services yet; create one with 'cps create TYPE [APP]' ('cps available' lists the types).");
        });
    }
}
