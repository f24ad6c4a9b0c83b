using System.CommandLine;
using ConPaaS.Cli.Portal;
using ConPaaS.Domain.Contracts;

namespace ConPaaS.Cli.Commands;

/// <summary>
/// What the original's <c>usage SID</c> printed: the commands that apply to this service's type, with its roles
/// filled in, so that nobody has to guess whether a service takes add_nodes with "backend" or "slave".
/// </summary>
public sealed class UsageCommand : CpsCommand
{
    private readonly Argument<string> _service = new("service") { Description = "The service's id or name." };

    public UsageCommand() : base("usage", "Show the commands that apply to a service, with its type's roles.")
    {
        Add(_service);
    }

    protected override async Task RunAsync(ParseResult parse, CliContext context, CancellationToken ct)
    {
        var service = await Lookup.ServiceAsync(context.Portal, parse.GetRequiredValue(_service), ct);
        var types = await context.Portal.GetAsync<List<ServiceTypeDto>>("types", ct);
        var type = types.FirstOrDefault(t => string.Equals(t.Type, service.Type, StringComparison.OrdinalIgnoreCase));
        var roles = type?.Roles ?? [];
        var role = roles.Count == 0 ? "ROLE" : string.Join("|", roles);
        var id = service.Id;

        var output = context.Output;
        output.WriteLine($"Service {id} '{service.Name}': {type?.Name ?? service.Type} ({service.Type}), {service.State}.");
        if (roles.Count > 0)
            output.WriteLine($"Roles: {string.Join(", ", roles)}.");
        output.WriteLine();
        output.WriteLine("Usage:");
        var lines = new List<(string Command, string What)>
        {
            ($"cps start {id} [--cloud CLOUD] [--wait]", "start it"),
            ($"cps stop {id} [--wait]", "stop it; its nodes are terminated"),
            ($"cps info {id}", "its state"),
            ($"cps logs {id}", "its history"),
            ($"cps logs {id} --node NODE [--file FILE] [--tail N]", "a node's log files, or the end of one"),
            ($"cps list_nodes {id}", "its nodes"),
            ($"cps add_nodes {id} {role} COUNT [--cloud CLOUD] [--wait]", "add nodes (when running)"),
            ($"cps remove_nodes {id} {role} COUNT [--wait]", "remove the youngest nodes of a role"),
            ($"cps remove_nodes {id} --node NODE [--wait]", "remove one node"),
            ($"cps startup_script {id} [FILE]", "set (or show) the script new nodes run first"),
            ($"cps rename {id} NEWNAME", "rename it"),
            ($"cps terminate {id}", "delete it (when stopped)"),
        };
        if (service.Type is "php" or "java")
        {
            lines.Add(($"cps upload_code {id} FILE [--description TEXT]", "upload a ZIP or tar.gz as a new code version"));
            lines.Add(($"cps list_code {id}", "its code versions"));
            lines.Add(($"cps download_code {id} VERSION [-o FILE]", "download a code version as a ZIP"));
            lines.Add(($"cps enable_code {id} VERSION [--wait]", "serve a code version"));
            lines.Add(($"cps delete_code {id} VERSION", "delete a code version"));
        }
        if (service.Type is "mysql")
        {
            lines.Add(($"cps set_password {id} [--password PW]", "set the administrator password"));
            lines.Add(($"cps load_dump {id} FILE", "run an SQL dump (plain or gzip)"));
            lines.Add(($"cps sqldump {id} [-o FILE]", "dump its databases as SQL"));
        }
        var width = lines.Max(l => l.Command.Length);
        foreach (var (command, what) in lines)
            output.WriteLine($"  {command.PadRight(width)}  # {what}");
    }
}
