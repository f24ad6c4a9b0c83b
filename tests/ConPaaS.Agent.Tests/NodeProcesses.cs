namespace ConPaaS.Agent.Tests;

/// <summary>
/// A node's processes as this (host-side) test sees them. A node of the local cloud may have a pid namespace of its
/// own, so the pid its servers write to their pid files is the node's, not the host's: the host's is the process
/// whose namespace pid it is (the last of <c>NSpid</c>) and whose command line names the node's folder. Without a
/// namespace the two are the same.
/// </summary>
public static class NodeProcesses
{
    /// <summary>The host pid of the process a node's pid file names, or null when no such process of that node runs.</summary>
    public static int? FromPidFile(string pidFile, string marker)
    {
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile).Trim(), out var nodePid))
            return null;
        return Find(marker).FirstOrDefault(pid => NodePid(pid) == nodePid) is var found and > 0 ? found : null;
    }

    /// <summary>Live processes (not zombies) whose command line contains <paramref name="marker"/>.</summary>
    public static IEnumerable<int> Find(string marker)
    {
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out var pid))
                continue;
            string commandLine;
            try
            {
                commandLine = File.ReadAllText(Path.Combine(entry, "cmdline")).Replace('\0', ' ');
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            if (commandLine.Contains(marker, StringComparison.Ordinal) && IsRunning(pid))
                yield return pid;
        }
    }

    /// <summary>The real uid a process runs as (from /proc/&lt;pid&gt;/status), or null when it is gone.</summary>
    public static int? Uid(int pid) => StatusField(pid, "Uid:") is { } uids ? int.Parse(uids.Split('\t', StringSplitOptions.RemoveEmptyEntries)[0], System.Globalization.CultureInfo.InvariantCulture) : null;

    public static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>The pid in the process's innermost pid namespace (its own pid when it has none).</summary>
    private static int? NodePid(int pid) =>
        StatusField(pid, "NSpid:") is { } pids && int.TryParse(pids.Split('\t', StringSplitOptions.RemoveEmptyEntries)[^1], out var inner) ? inner : null;

    private static string? StatusField(int pid, string name)
    {
        try
        {
            return File.ReadLines($"/proc/{pid}/status").FirstOrDefault(line => line.StartsWith(name, StringComparison.Ordinal))?[name.Length..].Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }
}
