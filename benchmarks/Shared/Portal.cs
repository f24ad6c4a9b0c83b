using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using ConPaaS.Domain.Contracts;

namespace ConPaaS.Benchmarks.Shared;

/// <summary>
/// A real portal process (the Release build) on a free loopback port, with its data folder inside this run's
/// folder and the local cloud on a loopback range of its own; and a JSON API client signed in as its admin, with
/// the calls the benchmarks make. Shared by the benchmarks (linked into each project).
/// </summary>
public sealed class Portal : IAsyncDisposable
{
    private const string AdminName = "admin";
    private const string AdminPassword = "Bench-admin-password-1";
    private readonly TimeSpan _poll;

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly HttpClient _http;

    private Portal(Process process, string url, string dataDirectory, TimeSpan poll)
    {
        _process = process;
        _poll = poll;
        DataDirectory = dataDirectory;
        _http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
    }

    public int Pid => _process.Id;

    public string DataDirectory { get; }

    public string NodesDirectory => Path.Combine(DataDirectory, "nodes");

    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>
    /// Starts the portal; <paramref name="settings"/> adds configuration (e.g. the self-test service type), and
    /// <paramref name="poll"/> is how often the waits look at a service (their timing resolution).
    /// </summary>
    public static async Task<Portal> StartAsync(
        string portalDll, string runDirectory, string rangeStart, string rangeEnd, string name,
        IReadOnlyDictionary<string, string>? settings = null, TimeSpan? poll = null)
    {
        var folder = Directory.CreateDirectory(Path.Combine(runDirectory, "portal")).FullName;
        var dataDirectory = Path.Combine(folder, "data");
        var url = $"http://127.0.0.1:{FreePort().ToString(CultureInfo.InvariantCulture)}";
        // The data folder also goes on the command line, so the process can be recognised by this run's folder
        // should the benchmark itself die (run.sh's last line of cleaning).
        var start = new ProcessStartInfo("dotnet", [portalDll, "--urls", url, $"--ConPaaS:DataDirectory={dataDirectory}"])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var environment = new Dictionary<string, string>
        {
            ["ConPaaS__DataDirectory"] = dataDirectory,
            ["ConPaaS__KeyRing__CertificatePath"] = dataDirectory.TrimEnd('/') + ".keyring.pfx",
            ["ConPaaS__Admin__UserName"] = AdminName,
            ["ConPaaS__Admin__Password"] = AdminPassword,
            ["ConPaaS__Clouds__0__Name"] = "local",
            ["ConPaaS__Clouds__0__Driver"] = "local",
            ["ConPaaS__Clouds__0__InstanceTypes__0__Name"] = "small",
            ["ConPaaS__Clouds__0__InstanceTypes__0__PricePerHour"] = "0.05",
            ["ConPaaS__Clouds__0__Local__AddressRangeStart"] = rangeStart,
            ["ConPaaS__Clouds__0__Local__AddressRangeEnd"] = rangeEnd,
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
        };
        foreach (var (key, value) in environment.Concat(settings ?? new Dictionary<string, string>()))
            start.Environment[key] = value;

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var portal = new Portal(process, url, dataDirectory, poll ?? TimeSpan.FromMilliseconds(100));
        process.OutputDataReceived += (_, e) => portal.Append(e.Data);
        process.ErrorDataReceived += (_, e) => portal.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await portal.WaitUntilHealthyAsync();
        var token = await portal.PostAsync<CreatedTokenDto>("/api/v1/tokens", new CreateTokenRequest(AdminName, AdminPassword, name));
        portal._http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
        return portal;
    }

    /// <summary>An application of the same name holding one new service of <paramref name="type"/>.</summary>
    public async Task<ServiceDto> CreateServiceAsync(string type, string name, string? password = null)
    {
        var app = await PostAsync<ApplicationDto>("/api/v1/applications", new CreateApplicationRequest(name));
        return await PostAsync<ServiceDto>("/api/v1/services", new CreateServiceRequest(app.Id, type, name, password));
    }

    public Task StartServiceAsync(int serviceId) => AcceptedAsync($"/api/v1/services/{serviceId}/start", new StartServiceRequest(null));

    public Task AddNodesAsync(int serviceId, string role, int count) =>
        AcceptedAsync($"/api/v1/services/{serviceId}/nodes", new AddNodesRequest(role, count, null));

    public async Task RemoveNodesAsync(int serviceId, string role, int count)
    {
        using var response = await _http.DeleteAsync($"/api/v1/services/{serviceId}/nodes?role={role}&count={count}");
        await EnsureAsync(response, HttpStatusCode.Accepted);
    }

    public Task StopServiceAsync(int serviceId) => AcceptedAsync($"/api/v1/services/{serviceId}/stop", null);

    public Task<ServiceDto> ServiceAsync(int serviceId) => GetAsync<ServiceDto>($"/api/v1/services/{serviceId}");

    public Task<List<NodeDto>> NodesAsync(int serviceId) => GetAsync<List<NodeDto>>($"/api/v1/services/{serviceId}/nodes");

    /// <summary>
    /// Polls until the service is settled (Running, no operation under way) with exactly <paramref name="nodes"/>
    /// nodes, all Running; an Error state or the timeout ends it with the reason.
    /// </summary>
    public async Task<ServiceDto> WaitUntilSettledAsync(int serviceId, int nodes, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var service = await ServiceAsync(serviceId);
            if (service.State == "Error")
                throw new InvalidOperationException($"Service {serviceId} went to Error: {service.StateReason}");
            if (service.State == "Running" && service.ActiveOperation is null)
            {
                var list = await NodesAsync(serviceId);
                if (list.Count == nodes && list.All(node => node.State == "Running"))
                    return service;
            }
            if (clock.Elapsed > timeout)
                throw new TimeoutException($"Service {serviceId} was not settled with {nodes} nodes within {timeout.TotalSeconds:0} s " +
                    $"(state {service.State}, operation {service.ActiveOperation?.Step ?? "none"}).");
            await Task.Delay(_poll);
        }
    }

    public async Task WaitUntilStoppedAsync(int serviceId, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var service = await ServiceAsync(serviceId);
            if (service.State is "Stopped" or "Error" && service.ActiveOperation is null)
                return;
            if (clock.Elapsed > timeout)
                throw new TimeoutException($"Service {serviceId} did not stop within {timeout.TotalSeconds:0} s (state {service.State}).");
            await Task.Delay(_poll * 2);
        }
    }

    /// <summary>Kills the portal (its agents and their servers are the caller's to end, by pid).</summary>
    public async ValueTask StopAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
        _http.Dispose();
    }

    private async Task<T> GetAsync<T>(string path)
    {
        using var response = await _http.GetAsync(path);
        await EnsureAsync(response, HttpStatusCode.OK);
        return await response.Content.ReadFromJsonAsync<T>() ?? throw new InvalidOperationException($"GET {path} answered null.");
    }

    private async Task<T> PostAsync<T>(string path, object body)
    {
        using var response = await _http.PostAsJsonAsync(path, body);
        await EnsureAsync(response, null);
        return await response.Content.ReadFromJsonAsync<T>() ?? throw new InvalidOperationException($"POST {path} answered null.");
    }

    private async Task AcceptedAsync(string path, object? body)
    {
        using var response = body is null ? await _http.PostAsync(path, null) : await _http.PostAsJsonAsync(path, body);
        await EnsureAsync(response, HttpStatusCode.Accepted);
    }

    private static async Task EnsureAsync(HttpResponseMessage response, HttpStatusCode? expected)
    {
        if (expected is { } code ? response.StatusCode == code : response.IsSuccessStatusCode)
            return;
        var body = await response.Content.ReadAsStringAsync();
        throw new InvalidOperationException(
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery} answered {(int)response.StatusCode}: {body}");
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    private async Task WaitUntilHealthyAsync()
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The portal exited with {_process.ExitCode}:\n{Output}");
            try
            {
                using var response = await _http.GetAsync("/healthz");
                if (response.StatusCode == HttpStatusCode.OK)
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
}
