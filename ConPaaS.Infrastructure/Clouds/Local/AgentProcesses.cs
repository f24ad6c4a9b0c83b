using System.Diagnostics;

namespace ConPaaS.Infrastructure.Clouds.Local;

/// <summary>
/// Starts, recognizes and stops local agent processes by pid. A pid alone proves nothing after a restart (the
/// system reuses them), so a process counts as a node only while its command line is our agent's with the
/// node's id.
/// </summary>
internal static class AgentProcesses
{
    public const string ConsoleLogFileName = "agent-console.log";
    private const string AgentAssemblyName = "ConPaaS.Agent.dll";

    /// <summary>
    /// Starts the agent in a session of its own (<c>setsid</c>), detached from the portal's terminal, so that
    /// neither a Ctrl-C there nor the portal's exit reaches it. bash then setsid replace themselves with the
    /// agent (exec, no fork), so the pid returned is the agent's.
    /// </summary>
    public static int Start(LocalCloudOptions options, string nodeId, string address, string nodeDirectory)
    {
        var logs = Directory.CreateDirectory(Path.Combine(nodeDirectory, "logs")).FullName;
        var start = new ProcessStartInfo("bash")
        {
            ArgumentList =
            {
                "-c", "log=$1; shift; exec setsid \"$@\" </dev/null >>\"$log\" 2>&1", "conpaas-node",
                Path.Combine(logs, ConsoleLogFileName),
                options.ResolveDotnetPath(), options.ResolveAgentPath(),
                $"--Agent:NodeId={nodeId}",
                $"--Agent:Address={address}",
                $"--Agent:Port={options.AgentPort}",
                $"--Agent:DataDirectory={nodeDirectory}",
            },
            WorkingDirectory = nodeDirectory,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start.");
        return process.Id;
    }

    /// <summary>True while <paramref name="pid"/> runs (not a zombie) and is the agent of <paramref name="nodeId"/>.</summary>
    public static bool IsAgentOf(int pid, string nodeId)
    {
        if (pid <= 0 || !IsRunning(pid))
            return false;
        try
        {
            var arguments = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
            return arguments.Any(argument => argument.EndsWith(AgentAssemblyName, StringComparison.Ordinal))
                && arguments.Contains($"--Agent:NodeId={nodeId}");
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>SIGTERM, a grace period, then SIGKILL; returns once the process is gone.</summary>
    public static async Task StopAsync(int pid, TimeSpan gracePeriod, CancellationToken cancellationToken)
    {
        if (!PosixSignals.Send(pid, PosixSignals.SigTerm))
            return;
        if (await WaitForExitAsync(pid, gracePeriod, cancellationToken))
            return;
        PosixSignals.Send(pid, PosixSignals.SigKill);
        await WaitForExitAsync(pid, TimeSpan.FromSeconds(5), cancellationToken);
    }

    public static async Task<bool> WaitForExitAsync(int pid, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (IsRunning(pid))
        {
            if (deadline.Elapsed > timeout)
                return false;
            await Task.Delay(25, cancellationToken);
        }
        return true;
    }

    /// <summary>A zombie (exited, not yet reaped by its parent) counts as gone.</summary>
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
