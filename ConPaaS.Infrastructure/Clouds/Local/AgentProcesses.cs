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

    /// <summary>The agent's command line for a node: the runtime, the agent, and what it is told at start.</summary>
    public static IReadOnlyList<string> Command(LocalCloudOptions options, LocalNodeRecord record, string nodeDirectory, int? workloadUid)
    {
        var command = new List<string>
        {
            options.ResolveDotnetPath(), options.ResolveAgentPath(),
            $"--Agent:NodeId={record.NodeId}",
            $"--Agent:Address={record.Address}",
            $"--Agent:Port={record.Port}",
            $"--Agent:DataDirectory={nodeDirectory}",
        };
        if (workloadUid is { } uid)
            command.AddRange([$"--Agent:WorkloadUid={uid}", $"--Agent:WorkloadGid={uid}"]);
        return command;
    }

    /// <summary>
    /// Starts the agent in a session of its own (<c>setsid</c>), detached from the portal's terminal, so that
    /// neither a Ctrl-C there nor the portal's exit reaches it. bash then setsid replace themselves with the
    /// agent (exec, no fork), so the pid returned is the agent's.
    /// </summary>
    public static int StartLoopback(IReadOnlyList<string> command, string nodeDirectory)
    {
        var start = new ProcessStartInfo("bash")
        {
            ArgumentList = { "-c", "log=$1; shift; exec setsid \"$@\" </dev/null >>\"$log\" 2>&1", "conpaas-node", ConsoleLog(nodeDirectory) },
            WorkingDirectory = nodeDirectory,
            UseShellExecute = false,
        };
        foreach (var argument in command)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start.");
        return process.Id;
    }

    /// <summary>Where the agent's own console output (and the sandbox's) goes: the node's <c>logs</c> folder.</summary>
    public static string ConsoleLog(string nodeDirectory) =>
        Path.Combine(Directory.CreateDirectory(Path.Combine(nodeDirectory, "logs")).FullName, ConsoleLogFileName);

    /// <summary>True when <paramref name="pid"/> is the agent of <paramref name="nodeId"/> itself, not a sandbox around it.</summary>
    public static bool IsAgentItself(int pid, string nodeId)
    {
        if (!IsAgentOf(pid, nodeId))
            return false;
        try
        {
            var program = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0')[0];
            return Path.GetFileName(program) is "dotnet" or "ConPaaS.Agent";
        }
        catch (IOException)
        {
            return false;
        }
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
