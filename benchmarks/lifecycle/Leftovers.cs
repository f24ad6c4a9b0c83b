using System.Diagnostics;
using System.Text.Json;

namespace ConPaaS.Benchmarks.Lifecycle;

/// <summary>
/// The last line of cleaning: agents whose <c>node.json</c> lies under a folder of this run are killed by pid,
/// but only when that pid's command line is still our agent's with a data folder inside this run's folder
/// (a pid alone may have been reused by now).
/// </summary>
public static class Leftovers
{
    public const string AgentAssembly = "ConPaaS.Agent.dll";

    /// <summary>The pids recorded in every <c>node.json</c> under <paramref name="nodesDirectory"/>.</summary>
    public static IReadOnlyList<int> RecordedPids(string nodesDirectory)
    {
        if (!Directory.Exists(nodesDirectory))
            return [];
        var pids = new List<int>();
        foreach (var file in Directory.EnumerateFiles(nodesDirectory, "node.json", SearchOption.AllDirectories))
        {
            try
            {
                using var json = JsonDocument.Parse(File.ReadAllText(file));
                if (json.RootElement.TryGetProperty("pid", out var pid) && pid.GetInt32() > 0)
                    pids.Add(pid.GetInt32());
            }
            catch (Exception exception) when (exception is IOException or JsonException or InvalidOperationException)
            {
                // Being written or deleted right now: the node's cloud handles it.
            }
        }
        return pids;
    }

    /// <summary>The pid in one node folder's <c>node.json</c>.</summary>
    public static int PidOf(string nodeDirectory)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(nodeDirectory, "node.json")));
        return json.RootElement.GetProperty("pid").GetInt32();
    }

    /// <summary>Kills every agent recorded under <paramref name="nodesDirectory"/> that still runs; returns how many.</summary>
    public static int KillAgents(string nodesDirectory, string runDirectory)
    {
        var killed = 0;
        foreach (var pid in RecordedPids(nodesDirectory))
        {
            if (IsOurAgent(pid, runDirectory) && KillAndWait(pid))
                killed++;
        }
        return killed;
    }

    public static bool IsOurAgent(int pid, string runDirectory)
    {
        try
        {
            var commandLine = File.ReadAllText($"/proc/{pid}/cmdline");
            return commandLine.Contains(AgentAssembly, StringComparison.Ordinal) && commandLine.Contains(runDirectory, StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
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

    /// <summary>True while the process exists and is not a zombie (a killed child not yet reaped counts as gone).</summary>
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
