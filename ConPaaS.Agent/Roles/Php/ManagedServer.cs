using System.Diagnostics;
using System.Net;
using ConPaaS.Agent.Hosting;
using ConPaaS.Agent.Roles;

namespace ConPaaS.Agent.Roles.Php;

/// <summary>
/// One server (an nginx or a php-fpm master with its workers) run in the foreground as a child of the agent, in
/// a session of its own (<c>setsid</c>) so that signals meant for the agent do not reach it and the whole
/// group can be killed at once. It runs as the node's workload user (<see cref="WorkloadIdentity"/>): its
/// configuration lives in the role's folder, which stays the agent's (the server may read it, not change it),
/// its pid file and temporary files in <c>run/</c> below, which is the server's own, and its logs in the node's
/// log folder. A configuration is tested, by the server itself and as that user, before it replaces the previous
/// one; a reload is the server's own graceful one (requests in flight finish under the old configuration).
/// </summary>
internal abstract class ManagedServer(string name, string directory, string errorLog, WorkloadIdentity workload, ILogger logger)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan GracefulStopTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ForcedStopTimeout = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan ReloadTimeout = TimeSpan.FromSeconds(30);

    private Process? _process;
    private int? _pid;

    public string Name => name;

    public string Directory => directory;

    public string ErrorLog => errorLog;

    public string ConfigPath => Path.Combine(directory, ConfigFileName);

    /// <summary>The server's own folder (pid file, temporary files), writable by it.</summary>
    public string RunDirectory => Path.Combine(directory, "run");

    public string PidPath => Path.Combine(RunDirectory, PidFileName);

    protected WorkloadIdentity Workload => workload;

    /// <summary>Where the server accepts connections, set by the last configuration.</summary>
    public IPEndPoint? Endpoint { get; private set; }

    protected abstract string ConfigFileName { get; }

    protected abstract string PidFileName { get; }

    protected abstract string Executable { get; }

    protected abstract IEnumerable<string> RunArguments(string configPath);

    protected abstract IEnumerable<string> TestArguments(string configPath);

    protected abstract int ReloadSignal { get; }

    protected abstract int GracefulStopSignal { get; }

    /// <summary>The log files the server writes, made beforehand in the node's log folder (where it cannot create files).</summary>
    protected virtual IEnumerable<string> LogFiles => [errorLog];

    /// <summary>True for a server that listens on ports below 1024 (nginx on port 80).</summary>
    protected virtual bool BindsLowPorts => false;

    /// <summary>The folders and files the server needs before it reads its configuration.</summary>
    protected virtual void Prepare()
    {
        workload.CreateSharedDirectory(directory);
        workload.CreatePrivateDirectory(RunDirectory);
        foreach (var log in LogFiles)
            workload.PrepareLogFile(log);
    }

    /// <summary>The master's pid while it runs (started by this agent, or by an earlier run of it).</summary>
    public int? RunningPid
    {
        get
        {
            if (_pid is { } known && ProcessSignals.IsOurs(known, ConfigPath))
                return known;
            _pid = ProcessSignals.ReadPidFile(PidPath) is { } fromFile && ProcessSignals.IsOurs(fromFile, ConfigPath) ? fromFile : null;
            return _pid;
        }
    }

    /// <summary>Null when the master runs and accepts connections, otherwise why not.</summary>
    public string? WhyNotServing()
    {
        if (RunningPid is not { } pid)
            return $"{name} is not running.";
        return Endpoint is null || TcpProbe.Answers(Endpoint) ? null : $"{name} (pid {pid}) does not accept connections on {Endpoint}.";
    }

    /// <summary>Whether the server already runs with exactly this configuration.</summary>
    public bool Runs(string text) => RunningPid is not null && File.Exists(ConfigPath) && File.ReadAllText(ConfigPath) == text;

    /// <summary>Tests <paramref name="text"/> with the server itself and only then puts it in place.</summary>
    /// <exception cref="InvalidRoleSettingsException">The server refuses the configuration; the previous one stays.</exception>
    public async Task WriteConfigAsync(string text, IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        Prepare();
        var next = ConfigPath + ".next";
        // The agent's, readable by the workload's group only: a php-fpm pool carries the application's environment,
        // database passwords included.
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite };
        await using (var file = new FileStream(next, options))
        {
            workload.ShareFile(file.SafeFileHandle, next);
            await using var writer = new StreamWriter(file);
            await writer.WriteAsync(text.AsMemory(), cancellationToken);
        }
        var refusal = await TestAsync(next, cancellationToken);
        if (refusal is not null)
        {
            File.Delete(next);
            throw new InvalidRoleSettingsException($"{name} refused the configuration: {refusal}");
        }
        File.Move(next, ConfigPath, overwrite: true);
        Endpoint = endpoint;
    }

    /// <exception cref="ServerStartException">The server exited or did not accept connections in time.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (RunningPid is not null)
        {
            // Left running by an earlier run of the agent: adopt it and let it take the new configuration.
            await ReloadAsync(cancellationToken);
            return;
        }
        Prepare();
        var command = workload.Command(Executable, RunArguments(ConfigPath), BindsLowPorts);
        var start = new ProcessStartInfo("setsid") { WorkingDirectory = directory, UseShellExecute = false };
        start.ArgumentList.Add(command.Program);
        foreach (var argument in command.Arguments)
            start.ArgumentList.Add(argument);
        foreach (var (variable, value) in command.Environment)
            start.Environment[variable] = value;
        _process?.Dispose();
        _process = Process.Start(start) ?? throw new ServerStartException($"{name} could not be started.");
        logger.LogInformation("Started {Server} (pid {Pid})", name, _process.Id);

        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
                throw new ServerStartException($"{name} exited at start with code {_process.ExitCode}: {LastErrors()}");
            if (RunningPid is not null && Endpoint is not null && TcpProbe.Answers(Endpoint))
                return;
            await Task.Delay(50, cancellationToken);
        }
        await StopAsync(cancellationToken);
        throw new ServerStartException($"{name} did not accept connections on {Endpoint} within {StartTimeout.TotalSeconds} s: {LastErrors()}");
    }

    /// <summary>
    /// The server's graceful reload; returns once the master has started new workers and every old one has
    /// exited or stopped accepting (nginx retitles it "shutting down" as it closes its listening sockets; it
    /// lives on only to finish its requests in flight), so the new configuration serves from then on.
    /// </summary>
    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        if (RunningPid is not { } pid)
            throw new ServerStartException($"{name} is not running; it cannot be reloaded.");
        var before = ChildrenOf(pid);
        ProcessSignals.Send(pid, ReloadSignal);
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < ReloadTimeout)
        {
            await Task.Delay(25, cancellationToken);
            if (!ProcessSignals.IsRunning(pid))
                throw new ServerStartException($"{name} stopped while reloading: {LastErrors()}");
            var now = ChildrenOf(pid);
            if (now.Except(before).Any() && before.All(old => !now.Contains(old) || IsShuttingDown(old)))
                return;
        }
        logger.LogWarning("{Server} (pid {Pid}) started no new worker within {Seconds} s of a reload", name, pid, ReloadTimeout.TotalSeconds);
    }

    /// <summary>A graceful stop, then SIGTERM, then SIGKILL to the whole group; returns once the master is gone.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (RunningPid is { } pid)
        {
            logger.LogInformation("Stopping {Server} (pid {Pid})", name, pid);
            ProcessSignals.Send(pid, GracefulStopSignal);
            if (!await WaitForExitAsync(pid, GracefulStopTimeout, cancellationToken))
            {
                ProcessSignals.Send(pid, ProcessSignals.Terminate);
                if (!await WaitForExitAsync(pid, ForcedStopTimeout, cancellationToken))
                {
                    ProcessSignals.KillGroup(pid);
                    await WaitForExitAsync(pid, ForcedStopTimeout, cancellationToken);
                }
            }
        }
        _pid = null;
        // A role never started here has no run folder at all: stopping it is then nothing to do, not an error.
        if (File.Exists(PidPath))
            File.Delete(PidPath);
    }

    private async Task<string?> TestAsync(string configPath, CancellationToken cancellationToken)
    {
        var start = workload.Command(Executable, TestArguments(configPath), BindsLowPorts).ToStartInfo();
        start.WorkingDirectory = directory;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{Executable} did not start.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode == 0)
            return null;
        var text = (await errors + "\n" + await output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return string.Join(" ", text.Take(4));
    }

    private string LastErrors()
    {
        try
        {
            var lines = File.ReadLines(errorLog).TakeLast(3).ToList();
            return lines.Count == 0 ? "its error log is empty." : string.Join(" ", lines);
        }
        catch (IOException)
        {
            return "it wrote no error log.";
        }
    }

    private static async Task<bool> WaitForExitAsync(int pid, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (ProcessSignals.IsRunning(pid))
        {
            if (deadline.Elapsed > timeout)
                return false;
            await Task.Delay(25, cancellationToken);
        }
        return true;
    }

    private static bool IsShuttingDown(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Contains("shutting down", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return true;
        }
    }

    /// <summary>The pids whose parent is <paramref name="pid"/>: a reload is done when new ones appear.</summary>
    private static HashSet<int> ChildrenOf(int pid)
    {
        var children = new HashSet<int>();
        foreach (var entry in System.IO.Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out var candidate))
                continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(entry, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (fields.Length > 1 && fields[0] is not ("Z" or "X") && int.TryParse(fields[1], out var parent) && parent == pid)
                    children.Add(candidate);
            }
            catch (IOException)
            {
                // Gone while we looked.
            }
        }
        return children;
    }
}
