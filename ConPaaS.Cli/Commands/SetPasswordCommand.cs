using System.CommandLine;
using ConPaaS.Cli.Portal;
using ConPaaS.Cli.Terminal;
using ConPaaS.Domain.Contracts;

namespace ConPaaS.Cli.Commands;

/// <summary>Sets a mysql service's administrator password; asked twice without echo unless given.</summary>
public sealed class SetPasswordCommand : CpsCommand
{
    private readonly Argument<string> _service = new("service") { Description = "The mysql service's id or name." };
    private readonly Option<string?> _password = new("--password")
    {
        Description = "The new password (for scripts; without it cps asks twice, and a redirected input's first two lines are read).",
    };

    public SetPasswordCommand() : base("set_password", "Set the administrator password of a mysql service; the old one stops working.")
    {
        Add(_service);
        Add(_password);
    }

    protected override async Task RunAsync(ParseResult parse, CliContext context, CancellationToken ct)
    {
        var service = await Lookup.ServiceAsync(context.Portal, parse.GetRequiredValue(_service), ct);
        string password, confirm;
        if (parse.GetValue(_password) is { } given)
        {
            password = confirm = given;
        }
        else
        {
            var prompt = new Prompt(context.Error);
            password = prompt.AskSecret("New password");
            confirm = prompt.AskSecret("Again");
            if (password != confirm)
                throw CliFailure.Usage("the two passwords differ; nothing was changed");
        }
        await context.Portal.SendContentAsync(HttpMethod.Post, $"services/{service.Id}/password",
            System.Net.Http.Json.JsonContent.Create(new SetPasswordRequest(password, confirm), options: PortalClient.Json), ct);
        context.Output.WriteLine($"Set the administrator password of service {service.Id} '{service.Name}'.");
    }
}
