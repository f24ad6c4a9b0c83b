using System.Runtime.InteropServices;

namespace ConPaaS.Infrastructure.Clouds.Local;

/// <summary>Sends a signal to a process by pid: .NET itself can only SIGKILL, and a node deserves a SIGTERM first.</summary>
internal static class PosixSignals
{
    public const int SigTerm = 15;
    public const int SigKill = 9;

    /// <summary>False when the process no longer exists (or is not ours to signal).</summary>
    public static bool Send(int pid, int signal) => pid > 0 && Kill(pid, signal) == 0;

    // DllImport rather than LibraryImport: the latter needs unsafe code enabled for the whole project, and
    // kill(2) takes and returns plain ints, which need no marshalling.
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
#pragma warning restore SYSLIB1054
}
