using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ConPaaS.Agent.Roles.MySql;

/// <summary>
/// Recognizes and signals a server process by pid. A pid file alone proves nothing (pids are reused), so a
/// process counts as ours only while its command line names our option file.
/// </summary>
internal static class MariaDbProcesses
{
    private const int SigTerm = 15;

    public static int? ReadPid(string pidFile)
    {
        try
        {
            return int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid) && pid > 0 ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>True while <paramref name="pid"/> runs (not a zombie) a server started with <paramref name="serverConfig"/>.</summary>
    public static bool IsOurs(int pid, string serverConfig)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var afterName = stat.LastIndexOf(')');
            if (afterName < 0 || afterName + 2 >= stat.Length || stat[afterName + 2] is 'Z' or 'X')
                return false;
            return File.ReadAllText($"/proc/{pid}/cmdline").Split('\0').Contains($"--defaults-file={serverConfig}");
        }
        catch (IOException)
        {
            return false;
        }
    }

    public static void Terminate(int pid) => _ = Kill(pid, SigTerm);

    public static void KillHard(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill();
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException)
        {
            // Already gone.
        }
    }

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

    // .NET itself can only SIGKILL; a database deserves a SIGTERM, which makes it shut down cleanly.
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
#pragma warning restore SYSLIB1054
}
