using System.Diagnostics;

namespace ConPaaS.Portal.Tests.Support;

internal static class LeftoverProcesses
{
    /// <summary>
    /// The last line of cleanup: a server (nginx, php-fpm, mariadbd) whose agent was killed before it could stop
    /// it still names the test's data folder on its command line, and goes by pid.
    /// </summary>
    public static void KillUnder(string folder)
    {
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out var pid) || pid == Environment.ProcessId)
                continue;
            try
            {
                if (File.ReadAllText(Path.Combine(entry, "cmdline")).Replace('\0', ' ').Contains(folder, StringComparison.Ordinal))
                    Process.GetProcessById(pid).Kill();
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
            {
                // Gone meanwhile.
            }
        }
    }
}
