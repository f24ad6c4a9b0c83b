using System.Diagnostics;
using System.Text;

namespace ConPaaS.Portal.Tests.Code;

/// <summary>
/// The real git command line in a scratch folder of its own (its own HOME, so no one's global settings apply);
/// every git it starts is killed by pid if it outlives its allowance, and the folder is deleted on dispose.
/// </summary>
public sealed class GitClient : IDisposable
{
    public GitClient()
    {
        Directory.CreateDirectory(Home);
    }

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "conpaas-git-tests", Guid.NewGuid().ToString("N"));

    private string Home => Path.Combine(Folder, "home");

    public string PathOf(string name) => Path.Combine(Folder, name);

    /// <summary>Runs git in <paramref name="workingDirectory"/> (the scratch folder by default); returns its exit code and all it printed.</summary>
    public async Task<(int ExitCode, string Output)> RunAsync(string? workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = workingDirectory ?? Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("GIT_", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(key);
        start.Environment["HOME"] = Home;
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["GIT_TERMINAL_PROMPT"] = "0"; // a refused credential fails instead of waiting for a person
        start.Environment["GIT_ASKPASS"] = "";
        start.Environment["SSH_ASKPASS"] = "";
        foreach (var setting in new[] { "user.name=Test Pusher", "user.email=pusher@example.com", "init.defaultBranch=main", "credential.helper=" })
        {
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(setting);
        }
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);

        using var process = Process.Start(start) ?? throw new InvalidOperationException("git did not start");
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var allowance = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(allowance.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"git {string.Join(' ', arguments)} did not finish:\n{await stdout}{await stderr}");
        }
        output.Append(await stdout).Append(await stderr);
        return (process.ExitCode, output.ToString());
    }

    public async Task<string> RunOkAsync(string? workingDirectory, params string[] arguments)
    {
        var (exitCode, output) = await RunAsync(workingDirectory, arguments);
        Assert.True(exitCode == 0, $"git {string.Join(' ', arguments)} failed ({exitCode}):\n{output}");
        return output;
    }

    /// <summary>Authentication as a header rather than in the URL, so no token shows in git's messages.</summary>
    public static string[] Basic(string userName, string token) =>
        ["-c", $"http.extraHeader=Authorization: Basic {Convert.ToBase64String(Encoding.UTF8.GetBytes($"{userName}:{token}"))}"];

    public void Dispose()
    {
        if (Directory.Exists(Folder))
            Directory.Delete(Folder, recursive: true);
    }
}
