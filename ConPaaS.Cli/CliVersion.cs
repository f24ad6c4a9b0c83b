using System.Reflection;

namespace ConPaaS.Cli;

/// <summary>This build's version, as `cps version` and the User-Agent header show it.</summary>
public static class CliVersion
{
    /// <summary>The informational version, with the source commit when the build knew it.</summary>
    public static string Full { get; } =
        typeof(CliVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(CliVersion).Assembly.GetName().Version?.ToString() ?? "0.0.0";

    /// <summary>Without the commit, which a header does not need.</summary>
    public static string Short => Full.Split('+')[0];
}
