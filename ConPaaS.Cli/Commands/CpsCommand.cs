using System.CommandLine;
using ConPaaS.Cli.Configuration;

namespace ConPaaS.Cli.Commands;

/// <summary>
/// The base of every verb: it runs <see cref="RunAsync"/> and turns a <see cref="CliFailure"/> into one line on
/// standard error and its exit code. A new verb is a subclass with a public parameterless constructor in this
/// folder; <see cref="CommandCatalog"/> finds it.
/// </summary>
public abstract class CpsCommand : Command
{
    protected CpsCommand(string name, string description) : base(name, description)
    {
        SetAction(InvokeAsync);
    }

    /// <summary>Does the work; returning means success, <see cref="CliFailure"/> means a failure to report.</summary>
    protected abstract Task RunAsync(ParseResult parse, CliContext context, CancellationToken ct);

    private async Task<int> InvokeAsync(ParseResult parse, CancellationToken ct)
    {
        var invocation = parse.InvocationConfiguration;
        using var context = new CliContext(invocation.Output, invocation.Error, CredentialsStore.FromEnvironment());
        try
        {
            await RunAsync(parse, context, ct);
            return ExitCodes.Ok;
        }
        catch (CliFailure failure)
        {
            context.Error.WriteLine($"cps: {failure.Message}");
            return failure.ExitCode;
        }
    }
}
