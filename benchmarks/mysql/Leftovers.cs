using System.Diagnostics;
using System.Globalization;

namespace ConPaaS.Benchmarks.MySql;

/// <summary>
/// The last line of cleaning: every process whose command line names this run's folder (the portal, its agents,
/// their mariadbd servers with <c>--defaults-file=&lt;run folder&gt;/…</c>, the baseline's servers) is killed by
/// pid. Nothing else is touched: other people's agents and servers never name this folder.
/// </summary>
public static class Leftovers
{
    /// <summary>Pids (not this process) whose command line contains <paramref name="runDirectory"/>.</summary>
    public static IReadOnlyList<(int Pid, string CommandLine)> Find(string runDirectory)
    {
        var found = new List<(int, string)>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == Environment.ProcessId)
                continue;
            try
            {
                var commandLine = File.ReadAllText(Path.Combine(entry, "cmdline")).Replace('\0', ' ');
                if (commandLine.Contains(runDirectory, StringComparison.Ordinal) && IsRunning(pid))
                    found.Add((pid, commandLine.Trim()));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile.
            }
        }
        return found;
    }

    /// <summary>Kills them all by pid; returns what was killed (short command names), for the report.</summary>
    public static IReadOnlyList<string> KillAll(string runDirectory)
    {
        var killed = new List<string>();
        foreach (var (pid, commandLine) in Find(runDirectory))
        {
            if (KillAndWait(pid))
                killed.Add($"{pid} ({Describe(commandLine)})");
        }
        return killed;
    }

    private static string Describe(string commandLine)
    {
        if (commandLine.Contains("ConPaaS.Agent.dll", StringComparison.Ordinal)) return "agent";
        if (commandLine.Contains("ConPaaS.Portal.dll", StringComparison.Ordinal)) return "portal";
        var first = commandLine.Split(' ', 2)[0];
        return Path.GetFileName(first);
    }

    /// <summary>SIGKILL and wait; false when it was already gone.</summary>
    public static bool KillAndWait(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill();
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return false;
        }
        var waited = Stopwatch.StartNew();
        while (IsRunning(pid) && waited.Elapsed < TimeSpan.FromSeconds(5))
            Thread.Sleep(20);
        return true;
    }

    /// <summary>True while the process exists and is not a zombie.</summary>
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
}
