using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ConPaaS.EndToEnd.Tests.Support;

/// <summary>
/// A real portal process on a free loopback port with a data folder of its own; killed by pid and its
/// folder deleted on dispose.
/// </summary>
public sealed class PortalProcess : IAsyncDisposable
{
    public const string AdminName = "admin";
    public const string AdminPassword = "Admin-password-1";

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private PortalProcess(Process process, string url, string dataDirectory)
    {
        _process = process;
        Url = url;
        DataDirectory = dataDirectory;
    }

    public string Url { get; }
    public string DataDirectory { get; }
    public string Output { get { lock (_output) return _output.ToString(); } }

    public static async Task<PortalProcess> StartAsync(IDictionary<string, string>? settings = null)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "conpaas-e2e", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        var url = $"http://127.0.0.1:{FreePort()}";
        var start = new ProcessStartInfo("dotnet", [RepositoryPaths.PortalDll, "--urls", url])
        {
            WorkingDirectory = dataDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ConPaaS__DataDirectory"] = Path.Combine(dataDirectory, "data");
        start.Environment["ConPaaS__KeyRing__CertificatePath"] = Path.Combine(dataDirectory, "keyring.pfx");
        start.Environment["ConPaaS__Admin__UserName"] = AdminName;
        start.Environment["ConPaaS__Admin__Password"] = AdminPassword;
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            start.Environment[key] = value;

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var portal = new PortalProcess(process, url, dataDirectory);
        process.OutputDataReceived += (_, e) => portal.Append(e.Data);
        process.ErrorDataReceived += (_, e) => portal.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await portal.WaitUntilHealthyAsync();
        return portal;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    private async Task WaitUntilHealthyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The portal exited with {_process.ExitCode}:\n{Output}");
            try
            {
                if ((await http.GetAsync($"{Url}/healthz")).StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException($"The portal did not answer /healthz within 60 s:\n{Output}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        KillProcessesUnder(DataDirectory);
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
    }

    /// <summary>
    /// Local-cloud agents run in sessions of their own (they outlive a portal restart), and their nginx,
    /// php-fpm and mariadbd with them: whatever names this portal's data folder on its command line goes too.
    /// </summary>
    private static void KillProcessesUnder(string folder)
    {
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out var pid) || pid == Environment.ProcessId)
                continue;
            try
            {
                var commandLine = File.ReadAllText(Path.Combine(entry, "cmdline")).Replace('\0', ' ');
                if (commandLine.Contains(folder, StringComparison.Ordinal))
                    Process.GetProcessById(pid).Kill();
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
            {
                // Gone meanwhile, or not ours to read.
            }
        }
    }
}
