using ConPaaS.Agent.Hosting;

namespace ConPaaS.Agent.Roles.Php;

/// <summary>
/// nginx, reloaded with SIGHUP and stopped gracefully with SIGQUIT. It runs as the workload's user, not root:
/// it never switches users itself (no <c>user</c> directive), keeps only the capability to bind ports below 1024,
/// and writes nothing outside its <c>run/</c> folder and its two log files.
/// </summary>
internal sealed class NginxServer(string roleName, string directory, string logDirectory, WorkloadIdentity workload, ILogger logger)
    : ManagedServer($"nginx of {roleName}", directory, Path.Combine(logDirectory, $"{roleName}-error.log"), workload, logger)
{
    public string RoleName => roleName;

    public string AccessLog { get; } = Path.Combine(logDirectory, $"{roleName}-access.log");

    /// <summary>Request bodies and upstream answers buffered to disk (never /var/lib/nginx).</summary>
    public string TempDirectory => Path.Combine(RunDirectory, "temp");

    protected override string ConfigFileName => "nginx.conf";

    protected override string PidFileName => "nginx.pid";

    protected override string Executable => PhpBinaries.Nginx;

    protected override int ReloadSignal => ProcessSignals.Hangup;

    protected override int GracefulStopSignal => ProcessSignals.Quit;

    protected override IEnumerable<string> LogFiles => [ErrorLog, AccessLog];

    protected override bool BindsLowPorts => true;

    protected override void Prepare()
    {
        base.Prepare();
        Workload.CreatePrivateDirectory(TempDirectory);
    }

    // -e: nginx opens its compiled-in error log (/var/log/nginx) before it reads the configuration otherwise.
    protected override IEnumerable<string> RunArguments(string configPath) =>
        ["-p", Directory + "/", "-c", configPath, "-e", ErrorLog];

    protected override IEnumerable<string> TestArguments(string configPath) =>
        ["-t", "-q", "-p", Directory + "/", "-c", configPath, "-e", ErrorLog];
}
