namespace ConPaaS.Cli.Tests.Support;

/// <summary>What one run of `cps` left behind.</summary>
public sealed record CpsResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}--- stderr\n{Error}";
}
