namespace ConPaaS.Cli;

/// <summary>
/// A failure the person can act on: its message is printed as one line and the process exits with
/// <see cref="ExitCode"/>. Anything else that escapes a command is a bug and keeps its stack trace.
/// </summary>
public sealed class CliFailure(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    public static CliFailure Usage(string message) => new(ExitCodes.Usage, message);

    public static CliFailure Refused(string message) => new(ExitCodes.Refused, message);

    public static CliFailure NotLoggedIn(string reason) => new(ExitCodes.NotLoggedIn, $"{reason}: run cps credentials");
}
