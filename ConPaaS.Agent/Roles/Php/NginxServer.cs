namespace ConPaaS.Agent.Roles.Php;

/// <summary>nginx, reloaded with SIGHUP and stopped gracefully with SIGQUIT.</summary>
internal sealed class NginxServer(string roleName, string directory, string errorLog, ILogger logger)
    : ManagedServer($"nginx of {roleName}", directory, errorLog, logger)
{
    protected override string ConfigFileName => "nginx.conf";

    protected override string PidFileName => "nginx.pid";

    protected override string Executable => PhpBinaries.Nginx;

    protected override int ReloadSignal => ProcessSignals.Hangup;

    protected override int GracefulStopSignal => ProcessSignals.Quit;

    // -e: nginx opens its compiled-in error log (/var/log/nginx) before it reads the configuration otherwise.
    protected override IEnumerable<string> RunArguments(string configPath) =>
        ["-p", Directory + "/", "-c", configPath, "-e", ErrorLog];

    protected override IEnumerable<string> TestArguments(string configPath) =>
        ["-t", "-q", "-p", Directory + "/", "-c", configPath, "-e", ErrorLog];
}
