using System.Runtime.InteropServices;
using ConPaaS.Agent.Hosting;

namespace ConPaaS.Agent.Roles;

/// <summary>
/// Signals and liveness of the processes the roles start, by pid: .NET itself can only SIGKILL, while nginx
/// and php-fpm are driven by signals (reload, graceful stop), MariaDB deserves a SIGTERM, and a TaskFarm task
/// is killed with its whole process group. A pid alone proves nothing (pids are reused), so a process
/// counts as ours only while its command line names our configuration file.
/// </summary>
internal static class ProcessSignals
{
    public const int Hangup = 1;
    public const int Quit = 3;
    public const int Kill = 9;
    public const int User2 = 12;
    public const int Terminate = 15;

    /// <summary>False when the process no longer exists.</summary>
    public static bool Send(int pid, int signal) => pid > 0 && KillNative(pid, signal) == 0;

    /// <summary>SIGKILL to the process group <paramref name="groupLeader"/> leads (the master and all its workers).</summary>
    public static void KillGroup(int groupLeader)
    {
        if (groupLeader > 1)
            _ = KillNative(-groupLeader, Kill);
    }

    /// <summary>A zombie (exited, not yet reaped) counts as gone.</summary>
    public static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var afterName = stat.LastIndexOf(')');
            return afterName > 0 && afterName + 2 < stat.Length && stat[afterName + 2] is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>True while <paramref name="pid"/> runs with <paramref name="marker"/> (a configuration path) in its command line.</summary>
    public static bool IsOurs(int pid, string marker)
    {
        if (pid <= 0 || !IsRunning(pid))
            return false;
        try
        {
            // nginx and php-fpm rewrite their titles ("nginx: master process … -c <file>"): compare the whole line.
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Contains(marker, StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>
    /// A pid file lives in a folder its server (the workload's user) writes: it is read without following a link and
    /// without blocking on a FIFO, so whatever was put there can neither leak a file nor hang the agent.
    /// </summary>
    public static int? ReadPidFile(string path) =>
        PosixFiles.ReadSmallText(path) is { } text && int.TryParse(text.Trim(), out var pid) && pid > 0 ? pid : null;

    // DllImport rather than LibraryImport: the latter needs unsafe code enabled for the whole project, and
    // kill(2) takes and returns plain ints, which need no marshalling.
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int KillNative(int pid, int signal);
#pragma warning restore SYSLIB1054
}
