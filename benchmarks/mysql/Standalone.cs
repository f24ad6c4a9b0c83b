using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace ConPaaS.Benchmarks.MySql;

/// <summary>
/// A plain mariadbd of the baseline's, started by hand in this run's folder with the same options the agent
/// gives a node's server (binary log, GTIDs, 64 MB buffer pool, …; see ConPaaS.Agent's MariaDbServerConfig), on
/// <c>address:3306</c>; root logs in through its socket, and a password account <c>bench</c> over TCP.
/// </summary>
public sealed class Standalone
{
    public const string User = "bench";

    private Process? _process;

    private Standalone(string root, string address, int serverId)
    {
        Root = root;
        Address = address;
        ServerId = serverId;
    }

    public string Root { get; }

    public string Address { get; }

    public int ServerId { get; }

    public string Config => Path.Combine(Root, "server.cnf");

    public string Socket => Path.Combine(Root, "run", "s.sock");

    public int? Pid => _process is { HasExited: false } process ? process.Id : null;

    /// <summary>Installs the system tables, starts the server and waits until it accepts connections.</summary>
    public static async Task<Standalone> StartAsync(string root, string address, int serverId, bool readOnly, string password)
    {
        var server = new Standalone(Directory.CreateDirectory(root).FullName, address, serverId);
        foreach (var folder in new[] { "run", "tmp", "log" })
            Directory.CreateDirectory(Path.Combine(server.Root, folder));
        var text = new StringBuilder()
            .AppendLine("[mariadbd]")
            .AppendLine(CultureInfo.InvariantCulture, $"datadir={Path.Combine(server.Root, "data")}")
            .AppendLine(CultureInfo.InvariantCulture, $"socket={server.Socket}")
            .AppendLine(CultureInfo.InvariantCulture, $"pid-file={Path.Combine(server.Root, "run", "mariadbd.pid")}")
            .AppendLine(CultureInfo.InvariantCulture, $"tmpdir={Path.Combine(server.Root, "tmp")}")
            .AppendLine(CultureInfo.InvariantCulture, $"log-error={Path.Combine(server.Root, "log", "error.log")}")
            .AppendLine(CultureInfo.InvariantCulture, $"bind-address={address}")
            .AppendLine("port=3306")
            .AppendLine(CultureInfo.InvariantCulture, $"server-id={serverId}")
            .AppendLine("log-bin=mysql-bin")
            .AppendLine("relay-log=relay-bin")
            .AppendLine("binlog-format=ROW")
            .AppendLine("log-slave-updates=ON")
            .AppendLine("gtid-strict-mode=ON")
            .AppendLine("skip-name-resolve=ON")
            .AppendLine("character-set-server=utf8mb4")
            .AppendLine("collation-server=utf8mb4_general_ci")
            .AppendLine("max-allowed-packet=64M")
            .AppendLine("performance-schema=OFF")
            .AppendLine("innodb-buffer-pool-size=64M")
            .AppendLine("innodb-log-file-size=32M")
            .AppendLine(readOnly ? "read-only=ON" : "read-only=OFF");
        if (Environment.UserName == "root")
            text.AppendLine("user=root");
        await File.WriteAllTextAsync(server.Config, text.ToString());

        await Tools.RunAsync("mariadb-install-db", [$"--defaults-file={server.Config}", "--auth-root-authentication-method=socket",
            $"--auth-root-socket-user={Environment.UserName}", "--skip-test-db"]);
        // Its log goes to the error log of the option file; what it says before opening it (ulimit warnings) is dropped.
        var start = new ProcessStartInfo("mariadbd") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add($"--defaults-file={server.Config}");
        server._process = Process.Start(start) ?? throw new InvalidOperationException("mariadbd did not start");
        server._process.OutputDataReceived += (_, _) => { };
        server._process.ErrorDataReceived += (_, _) => { };
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        await server.WaitUntilReadyAsync();
        // The password goes on standard input, never on a command line.
        await Tools.RunAsync("mariadb", ["--no-defaults", $"--socket={server.Socket}", "--user=root", "--batch"],
            $"DELETE FROM mysql.global_priv WHERE User = ''; CREATE USER {User}@'%' IDENTIFIED BY '{password}'; " +
            $"GRANT ALL PRIVILEGES ON *.* TO {User}@'%'; FLUSH PRIVILEGES;");
        return server;
    }

    /// <summary>The <c>mariadb</c> client's arguments for root through the socket.</summary>
    public IReadOnlyList<string> RootClient => ["--no-defaults", $"--socket={Socket}", "--user=root", "--batch"];

    /// <summary>Kills the server (its data folder goes with the run's folder; no clean shutdown is needed).</summary>
    public void Kill()
    {
        if (_process is null)
            return;
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }
        _process.Dispose();
        _process = null;
    }

    private async Task WaitUntilReadyAsync()
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (_process!.HasExited)
                throw new InvalidOperationException($"mariadbd exited at start: {ErrorLogTail()}");
            if (File.Exists(Socket))
            {
                using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(Socket));
                    return;
                }
                catch (SocketException) { }
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"mariadbd did not accept connections within 60 s: {ErrorLogTail()}");
    }

    private string ErrorLogTail()
    {
        var log = Path.Combine(Root, "log", "error.log");
        return File.Exists(log) ? string.Join('\n', File.ReadLines(log).TakeLast(10)) : "(no error log)";
    }
}

/// <summary>Runs the MariaDB command-line tools and a shell pipeline; any failure throws with the tool's stderr.</summary>
public static class Tools
{
    public static async Task RunAsync(string tool, IEnumerable<string> arguments, string? input = null)
    {
        var start = new ProcessStartInfo(tool)
        {
            UseShellExecute = false,
            RedirectStandardInput = input is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
        }
        await process.WaitForExitAsync();
        await output;
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{tool} failed ({process.ExitCode}): {(await errors).Trim()}");
    }

    /// <summary>Writes an option file only its owner can read (for passwords), returns its path.</summary>
    public static string PrivateOptionFile(string path, string content)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        };
        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(content);
        return path;
    }
}
