using System.Diagnostics;
using System.Net.Sockets;
using ConPaaS.Agent.Hosting;

namespace ConPaaS.Agent.Roles.MySql;

/// <summary>
/// One MariaDB server of a role: creates its data folder once, starts it with the role's option file, waits
/// until it accepts connections, and shuts it down cleanly. A server left running by an earlier agent
/// process (the agent was killed, the server not) is adopted rather than started twice. The server, and
/// <c>mariadb-install-db</c> before it, run as the node's workload user, which owns the data.
/// </summary>
internal sealed class MariaDbServer(MariaDbLayout layout, WorkloadIdentity workload, ILogger logger)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(30);

    private Process? _process;

    public MariaDbLayout Layout => layout;

    public bool IsInitialized => File.Exists(layout.InitializedMarker);

    /// <summary>The running server's pid, or null.</summary>
    public int? Pid =>
        MariaDbProcesses.ReadPid(layout.PidFile) is { } pid && MariaDbProcesses.IsOurs(pid, layout.ServerConfig) ? pid
        : _process is { HasExited: false } process ? process.Id
        : null;

    public bool IsRunning => Pid is not null;

    /// <summary>
    /// Writes the option file and, the first time only, creates the system tables. A data folder without the
    /// marker is the remains of an interrupted first start and holds nothing worth keeping: it is made anew.
    /// </summary>
    public async Task PrepareAsync(MariaDbInstanceSettings settings, CancellationToken cancellationToken)
    {
        layout.CreateDirectories(workload);
        await MariaDbServerConfig.WriteAsync(layout, settings, workload, cancellationToken);
        if (IsInitialized)
            return;
        await StopAsync(cancellationToken); // a half-made server left by an agent that died: its folder goes
        workload.DeleteTree(layout.DataDirectory);
        workload.CreatePrivateDirectory(layout.DataDirectory);
        var result = await MySqlTools.RunAsync(MySqlTools.InstallDb,
        [
            $"--defaults-file={layout.ServerConfig}",
            // root@localhost logs in through the socket as the OS user running the agent, with no password at all:
            // the server (whatever user it runs as) asks the kernel who is at the other end of the socket.
            "--auth-root-authentication-method=socket",
            $"--auth-root-socket-user={Environment.UserName}",
            "--skip-test-db",
        ], input: null, cancellationToken, runAs: workload);
        if (!result.Succeeded)
            throw new MySqlRoleException($"mariadb-install-db failed ({result.ExitCode}): {result.ErrorTail()}");
        logger.LogInformation("Created the MariaDB data folder {DataDirectory}", layout.DataDirectory);
    }

    public void MarkInitialized() => File.WriteAllText(layout.InitializedMarker, DateTimeOffset.UtcNow.ToString("O"));

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Pid is { } running)
        {
            logger.LogInformation("MariaDB already runs (pid {Pid}); adopting it", running);
            await WaitUntilReadyAsync(running, cancellationToken);
            return;
        }
        _process?.Dispose();
        // Its output goes to the error log named in the option file; nothing is left for the pipes.
        _process = MySqlTools.Start(MySqlTools.StartInfo(MySqlTools.Server, [$"--defaults-file={layout.ServerConfig}"], redirectOutput: false, runAs: workload));
        logger.LogInformation("Started MariaDB (pid {Pid})", _process.Id);
        await WaitUntilReadyAsync(_process.Id, cancellationToken);
    }

    /// <summary>Shuts the server down cleanly (SIGTERM, as <c>mariadb-admin shutdown</c> would) and waits for it.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Pid is not { } pid)
            return;
        MariaDbProcesses.Terminate(pid);
        if (!await MariaDbProcesses.WaitForExitAsync(pid, layout.ServerConfig, ShutdownTimeout, cancellationToken))
        {
            logger.LogWarning("MariaDB (pid {Pid}) did not shut down within {Seconds} s; killing it", pid, ShutdownTimeout.TotalSeconds);
            MariaDbProcesses.KillHard(pid);
        }
        if (_process is not null)
            await _process.WaitForExitAsync(cancellationToken);
        _process?.Dispose();
        _process = null;
        // A clean shutdown removes the pid file itself; one killed hard leaves it, naming a process that is gone.
        if (File.Exists(layout.PidFile))
            File.Delete(layout.PidFile);
        logger.LogInformation("MariaDB (pid {Pid}) stopped", pid);
    }

    /// <summary>Waits until the server accepts connections on its socket; its early exit ends the wait with its log.</summary>
    private async Task WaitUntilReadyAsync(int pid, CancellationToken cancellationToken)
    {
        var elapsed = Stopwatch.StartNew();
        while (elapsed.Elapsed < StartTimeout)
        {
            if (!MariaDbProcesses.IsOurs(pid, layout.ServerConfig))
                throw new MySqlRoleException($"MariaDB exited at start: {ErrorLogTail()}");
            if (File.Exists(layout.Socket) && await AcceptsAsync(cancellationToken))
                return;
            await Task.Delay(100, cancellationToken);
        }
        throw new MySqlRoleException($"MariaDB did not accept connections within {StartTimeout.TotalSeconds:F0} s: {ErrorLogTail()}");
    }

    private async Task<bool> AcceptsAsync(CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(layout.Socket), cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The server's last words, for the role's status detail (the log holds no password).</summary>
    public string ErrorLogTail(int maxChars = 800)
    {
        try
        {
            using var stream = new FileStream(layout.ErrorLog, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            stream.Seek(Math.Max(0, stream.Length - maxChars), SeekOrigin.Begin);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd().Trim();
        }
        catch (IOException)
        {
            return "(no error log)";
        }
    }
}
