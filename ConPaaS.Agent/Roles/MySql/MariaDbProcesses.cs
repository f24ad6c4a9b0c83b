using System.Diagnostics;

namespace ConPaaS.Agent.Roles.MySql;

/// <summary>
/// Recognizes and signals a MariaDB server by pid. A pid file alone proves nothing (pids are reused), so a
/// process counts as ours only while its command line names our option file.
/// </summary>
internal static class MariaDbProcesses
{
    public static int? ReadPid(string pidFile) => ProcessSignals.ReadPidFile(pidFile);

    /// <summary>True while <paramref name="pid"/> runs (not a zombie) a server started with <paramref name="serverConfig"/>.</summary>
    public static bool IsOurs(int pid, string serverConfig) => ProcessSignals.IsOurs(pid, $"--defaults-file={serverConfig}");

    /// <summary>SIGTERM: a database deserves a clean shutdown.</summary>
    public static void Terminate(int pid) => ProcessSignals.Send(pid, ProcessSignals.Terminate);

    public static void KillHard(int pid) => ProcessSignals.Send(pid, ProcessSignals.Kill);

    /// <summary>Waits until the process is gone; false when it still runs after <paramref name="timeout"/>.</summary>
    public static async Task<bool> WaitForExitAsync(int pid, string serverConfig, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var elapsed = Stopwatch.StartNew();
        while (IsOurs(pid, serverConfig))
        {
            if (elapsed.Elapsed > timeout)
                return false;
            await Task.Delay(50, cancellationToken);
        }
        return true;
    }
}
