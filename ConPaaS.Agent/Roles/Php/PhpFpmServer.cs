namespace ConPaaS.Agent.Roles.Php;

/// <summary>
/// php-fpm in the foreground, reloaded with SIGUSR2 (the master re-executes itself in place, keeping its pid
/// and its listening socket, so connections wait in the backlog instead of being refused) and stopped
/// gracefully with SIGQUIT.
/// </summary>
internal sealed class PhpFpmServer(string roleName, string directory, string errorLog, ILogger logger)
    : ManagedServer($"php-fpm of {roleName}", directory, errorLog, logger)
{
    protected override string ConfigFileName => "php-fpm.conf";

    protected override string PidFileName => "php-fpm.pid";

    protected override string Executable => PhpBinaries.PhpFpm;

    protected override int ReloadSignal => ProcessSignals.User2;

    protected override int GracefulStopSignal => ProcessSignals.Quit;

    protected override IEnumerable<string> RunArguments(string configPath) =>
        ["--nodaemonize", "--fpm-config", configPath, .. RootFlag];

    protected override IEnumerable<string> TestArguments(string configPath) =>
        ["--test", "--fpm-config", configPath, .. RootFlag];

    private static string[] RootFlag => PhpBinaries.RunAsRoot ? ["--allow-to-run-as-root"] : [];
}
