using System.CommandLine;
using ConPaaS.Cli.Portal;
using ConPaaS.Domain.Contracts;

namespace ConPaaS.Cli.Commands;

/// <summary>What <c>manifest</c> and <c>deploy</c> share: variables, rollback, waiting, and how a deployment is shown.</summary>
public abstract class DeploymentCommand : OutputCommand
{
    private readonly Option<string[]> _variables = new("--var") { Description = "A variable of the manifest as NAME=VALUE; repeat for several.", AllowMultipleArgumentsPerToken = false };
    private readonly Option<bool> _rollback = new("--rollback") { Description = "On failure, stop and delete what the deployment created." };
    private readonly Option<bool> _wait = new("--wait") { Description = "Wait until the deployment ends, showing its progress; a failure exits with 2." };

    protected DeploymentCommand(string name, string description) : base(name, description)
    {
        Add(_variables);
        Add(_rollback);
        Add(_wait);
    }

    protected bool Rollback(ParseResult parse) => parse.GetValue(_rollback);

    protected static Dictionary<string, string> Variables(ParseResult parse, Option<string[]> option)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in parse.GetValue(option) ?? [])
        {
            var equals = pair.IndexOf('=');
            if (equals < 1)
                throw CliFailure.Usage($"--var takes NAME=VALUE, not '{pair}'");
            variables[pair[..equals]] = pair[(equals + 1)..];
        }
        return variables;
    }

    protected Dictionary<string, string> Variables(ParseResult parse) => Variables(parse, _variables);

    protected async Task ShowAsync(ParseResult parse, CliContext context, DeploymentDto deployment, CancellationToken ct)
    {
        if (parse.GetValue(_wait))
            deployment = await new DeploymentWatcher(context.Portal, context.Error).WaitAsync(deployment, ct);
        Show(parse, context, deployment, (output, d) =>
        {
            output.WriteLine(d.Status == "Succeeded"
                ? $"Deployed application {d.ApplicationId} '{d.ApplicationName}' (deployment {d.Id})."
                : $"Deployment {d.Id} of '{d.ApplicationName}' is {d.Status.ToLowerInvariant()}; follow it with --wait or on the portal.");
            foreach (var service in d.Services)
                output.WriteLine($"  {service.Field} {service.Type} '{service.Name}'{(service.ServiceId is { } id ? $" (service {id})" : "")}: {service.Stage}");
        });
    }
}
