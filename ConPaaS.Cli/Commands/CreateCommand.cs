using System.CommandLine;
using ConPaaS.Cli.Portal;
using ConPaaS.Domain.Contracts;

namespace ConPaaS.Cli.Commands;

public sealed class CreateCommand : OutputCommand
{
    private readonly Argument<string> _type = new("type") { Description = "The service type, as 'cps available' lists them (php, mysql, …)." };
    private readonly Argument<string?> _application = new("app")
    {
        Description = "The application (id or name); may be left out when you have only one.",
        Arity = ArgumentArity.ZeroOrOne,
    };
    private readonly Option<string?> _name = new("--name") { Description = "The service's name; the portal picks one when left out." };
    private readonly Option<string?> _password = new("--password")
    {
        Description = "mysql: the administrator password; the portal generates one and shows it once when left out.",
    };

    public CreateCommand() : base("create", "Create a service in an application.")
    {
        Add(_type);
        Add(_application);
        Add(_name);
        Add(_password);
    }

    protected override async Task RunAsync(ParseResult parse, CliContext context, CancellationToken ct)
    {
        var applications = await Lookup.ApplicationsAsync(context.Portal, ct);
        var reference = parse.GetValue(_application);
        var application = reference is not null ? Lookup.Application(applications, reference) : TheOnly(applications);

        var created = await context.Portal.PostAsync<ServiceDto>(
            "services", new CreateServiceRequest(application.Id, parse.GetRequiredValue(_type), parse.GetValue(_name), parse.GetValue(_password)), ct);
        Show(parse, context, created, (output, s) =>
        {
            output.WriteLine($"Created {s.Type} service {s.Id} '{s.Name}' in application {application.Id} '{application.Name}'.");
            // The portal shows a password it generated this once and keeps only its hash: it is the person's to keep.
            if (s.GeneratedPassword is not null)
                output.WriteLine($"Its administrator password is {s.GeneratedPassword} (shown only now; change it with 'cps set_password {s.Id}').");
        });
    }

    private static ApplicationDto TheOnly(IReadOnlyList<ApplicationDto> applications) => applications.Count switch
    {
        1 => applications[0],
        0 => throw CliFailure.Usage("you have no application yet; create one with 'cps createapp NAME'"),
        _ => throw CliFailure.Usage($"you have {applications.Count} applications; name one: cps create TYPE APP"),
    };
}
