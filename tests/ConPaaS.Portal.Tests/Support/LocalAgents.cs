using System.Diagnostics;

namespace ConPaaS.Portal.Tests.Support;

/// <summary>A local node's agent process itself (not the sandbox around it), found by its command line.</summary>
public static class LocalAgents
{
    /// <summary>The agent's pid of <c>node-&lt;id&gt;</c> in the portal's data folder.</summary>
    public static int PidOf(string dataDirectory, int nodeId)
    {
        var nodeDirectory = Path.Combine(dataDirectory, "nodes", $"node-{nodeId}");
        foreach (var proc in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(proc), out var pid))
                continue;
            string[] arguments;
            try
            {
                arguments = File.ReadAllText(Path.Combine(proc, "cmdline")).Split('\0');
            }
            catch (IOException)
            {
                continue;
            }
            if (Path.GetFileName(arguments[0]) == "dotnet" && arguments.Contains($"--Agent:NodeId=node-{nodeId}")
                && arguments.Contains($"--Agent:DataDirectory={nodeDirectory}"))
                return pid;
        }
        throw new InvalidOperationException($"No agent of node-{nodeId} runs under {dataDirectory}.");
    }

    /// <summary>Kills the node's agent the way a crash would: SIGKILL, no goodbye.</summary>
    public static void Kill(string dataDirectory, int nodeId)
    {
        using var process = Process.GetProcessById(PidOf(dataDirectory, nodeId));
        process.Kill();
        process.WaitForExit(5000);
    }
}
