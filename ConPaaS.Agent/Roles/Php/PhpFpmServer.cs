using ConPaaS.Agent.Hosting;

namespace ConPaaS.Agent.Roles.Php;

/// <summary>
/// php-fpm in the foreground, reloaded with SIGUSR2 (the master re-executes itself in place, keeping its pid
/// and its listening socket, so connections wait in the backlog instead of being refused) and stopped
/// gracefully with SIGQUIT. Master and pool run as the workload's user: the pool names no user of its own.
/// </summary>
internal sealed class PhpFpmServer(string roleName, string directory, string logDirectory, WorkloadIdentity workload, ILogger logger)
    : ManagedServer($"php-fpm of {roleName}", directory, Path.Combine(logDirectory, $"{roleName}-fpm.log"), workload, logger)
{
    public string RoleName => roleName;

    /// <summary>What the application's PHP code logs (its errors, <c>error_log()</c>).</summary>
    public string PhpLog { get; } = Path.Combine(logDirectory, $"{roleName}-php.log");

    protected override string ConfigFileName => "php-fpm.conf";

    protected override string PidFileName => "php-fpm.pid";

    protected override string Executable => PhpBinaries.PhpFpm;

    protected override int ReloadSignal => ProcessSignals.User2;

    protected override int GracefulStopSignal => ProcessSignals.Quit;

    /// <summary>PHP's temporary files (uploads, tempnam(), opcache's lock): the server's own, not the system's /tmp.</summary>
    public string TempDirectory => Path.Combine(RunDirectory, "tmp");

    protected override IEnumerable<string> LogFiles => [ErrorLog, PhpLog];

    protected override void Prepare()
    {
        base.Prepare();
        Workload.CreatePrivateDirectory(TempDirectory);
    }

    protected override IEnumerable<string> RunArguments(string configPath) =>
        ["--nodaemonize", "--fpm-config", configPath, .. TemporaryFolders];

    protected override IEnumerable<string> TestArguments(string configPath) =>
        ["--test", "--fpm-config", configPath, .. TemporaryFolders];

    // Settings of the whole server (opcache creates its lock file in the master, before any pool is read).
    private string[] TemporaryFolders =>
        ["-d", $"opcache.lockfile_path={TempDirectory}", "-d", $"sys_temp_dir={TempDirectory}", "-d", $"upload_tmp_dir={TempDirectory}"];
}
