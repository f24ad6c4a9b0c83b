using System.CommandLine;

namespace ConPaaS.Cli.Commands;

public sealed class VersionCommand : OutputCommand
{
    public VersionCommand() : base("version", "Show the version of cps.")
    {
    }

    protected override Task RunAsync(ParseResult parse, CliContext context, CancellationToken ct)
    {
        Show(parse, context, new { Version = CliVersion.Full }, (output, v) => output.WriteLine($"cps {v.Version}"));
        return Task.CompletedTask;
    }
}
