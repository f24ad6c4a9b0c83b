using System.Diagnostics;
using System.Text.Json;
using ConPaaS.EndToEnd.Tests.Support;

namespace ConPaaS.Cli.Tests.Support;

/// <summary>
/// Runs the real `cps` (its built cps.dll through dotnet) with a configuration folder of its own, as a user
/// on a fresh machine would; the folder is deleted on dispose.
/// </summary>
public sealed class Cps : IDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Longer than any operation of these tests takes; reaching it means something hangs.</summary>
    private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(3);

    public string ConfigDirectory { get; } = Path.Combine(Path.GetTempPath(), "conpaas-cli-tests", Guid.NewGuid().ToString("N"));

    public string CredentialsFile => Path.Combine(ConfigDirectory, "credentials.json");

    public async Task<CpsResult> RunAsync(params string[] arguments) => await RunWithInputAsync(null, arguments);

    /// <summary>Runs with <paramref name="input"/> as standard input (the answers to its questions).</summary>
    public async Task<CpsResult> RunWithInputAsync(string? input, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet", [RepositoryPaths.CliDll, .. arguments])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["CONPAAS_CONFIG_DIR"] = ConfigDirectory;

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (input is not null)
            await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        try
        {
            // A safety net, not an assertion: a portal that never settles a service must not hang the suite.
            using var limit = new CancellationTokenSource(RunLimit);
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"cps {string.Join(' ', arguments)} still ran after {RunLimit.TotalSeconds:0} s; killed.\n--- stdout\n{await output}--- stderr\n{await error}");
        }
        return new CpsResult(process.ExitCode, await output, await error);
    }

    /// <summary>Runs and expects success, failing the test with everything `cps` printed otherwise.</summary>
    public async Task<string> OkAsync(params string[] arguments)
    {
        var result = await RunAsync(arguments);
        Assert.True(result.ExitCode == 0, $"cps {string.Join(' ', arguments)}: {result}");
        return result.Output;
    }

    /// <summary>Runs with <c>--json</c> and reads the answer as <typeparamref name="T"/>.</summary>
    public async Task<T> JsonAsync<T>(params string[] arguments) =>
        JsonSerializer.Deserialize<T>(await OkAsync([.. arguments, "--json"]), Json)
        ?? throw new InvalidOperationException("cps printed null");

    /// <summary>Runs and expects a failure with <paramref name="exitCode"/>, failing the test with everything printed otherwise.</summary>
    public async Task<CpsResult> FailsAsync(int exitCode, params string[] arguments)
    {
        var result = await RunAsync(arguments);
        Assert.True(result.ExitCode == exitCode, $"cps {string.Join(' ', arguments)} (expected exit {exitCode}): {result}");
        return result;
    }

    /// <summary>
    /// Stops every service of the portal that is not stopped yet, waiting for each: a test that failed half-way
    /// leaves no nodes behind it.
    /// </summary>
    public async Task StopEverythingAsync()
    {
        var listed = await RunAsync("list", "--json");
        if (listed.ExitCode != 0)
            return; // The portal's own dispose kills what is left.
        var services = JsonSerializer.Deserialize<List<ConPaaS.Domain.Contracts.ServiceDto>>(listed.Output, Json) ?? [];
        foreach (var service in services.Where(s => s.State is not ("Stopped" or "Init")))
            await RunAsync("stop", $"{service.Id}", "--wait");
    }

    public Task<string> LoginAsync(string url) =>
        OkAsync("credentials", "--url", url, "--user", PortalProcess.AdminName, "--password", PortalProcess.AdminPassword);

    /// <summary>Stores credentials as if `cps credentials` had, for the paths a real login cannot reach.</summary>
    public void WriteCredentials(string url, string token)
    {
        Directory.CreateDirectory(ConfigDirectory);
        File.WriteAllText(CredentialsFile, JsonSerializer.Serialize(new { url, userName = PortalProcess.AdminName, token, tokenId = 0 }));
    }

    public void Dispose()
    {
        try { Directory.Delete(ConfigDirectory, recursive: true); } catch (DirectoryNotFoundException) { }
    }
}
