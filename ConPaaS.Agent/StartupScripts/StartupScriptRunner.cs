using System.Diagnostics;
using ConPaaS.Agent.Hosting;
using ConPaaS.Domain.Agents;

namespace ConPaaS.Agent.StartupScripts;

/// <summary>
/// Runs the node's startup script with bash in the node's folder, its output (both streams) appended to
/// <c>logs/startup.log</c>. One run at a time: a second request waits for the first. The script is the user's
/// and runs as the node's workload user: the agent's shell opens the log, then becomes <c>setpriv</c>, which drops
/// to that user and runs the script (readable by that user's group, not writable).
/// </summary>
public sealed class StartupScriptRunner(NodeFolders folders, WorkloadIdentity workload, ILogger<StartupScriptRunner> logger)
{
    public const string LogFileName = "startup.log";

    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    public async Task<StartupScriptResult?> RunAsync(string? newScript, CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            if (newScript is not null)
                await File.WriteAllTextAsync(folders.StartupScript, newScript, cancellationToken);
            if (!File.Exists(folders.StartupScript))
                return null;
            // Written by the cloud or by the call above: the workload reads it, nobody else.
            using (var script = File.OpenHandle(folders.StartupScript))
                workload.ShareFile(script, folders.StartupScript);
            return await RunStoredScriptAsync(cancellationToken);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private async Task<StartupScriptResult> RunStoredScriptAsync(CancellationToken cancellationToken)
    {
        var logPath = Path.Combine(folders.Logs, LogFileName);
        var stopwatch = Stopwatch.StartNew();
        logger.LogInformation("Running the startup script");

        // bash itself sends the output to the log file: nothing passes through the agent's memory, and the
        // output survives even when the agent is killed mid-run. The log is opened before the switch (the log
        // folder is the agent's); the script inherits it.
        var script = workload.Command("bash", [folders.StartupScript]);
        var start = new ProcessStartInfo("bash")
        {
            ArgumentList = { "-c", "exec >>\"$1\" 2>&1 </dev/null; shift; exec \"$@\"", "startup", logPath, script.Program },
            WorkingDirectory = folders.Root,
            UseShellExecute = false,
        };
        foreach (var argument in script.Arguments)
            start.ArgumentList.Add(argument);
        foreach (var (variable, value) in script.Environment)
            start.Environment[variable] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start.");
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        logger.LogInformation("The startup script exited with {ExitCode} after {Seconds:F1} s", process.ExitCode, stopwatch.Elapsed.TotalSeconds);
        return new StartupScriptResult(process.ExitCode, LogFileName, stopwatch.Elapsed.TotalSeconds);
    }
}
