using System.Diagnostics;
using System.Text;
using ConPaaS.Agent.Hosting;

namespace ConPaaS.Agent.Roles.MySql;

/// <summary>
/// Runs the MariaDB command-line tools. Arguments go through an argument list (never a shell) and carry no
/// secret: passwords reach the tools only on standard input or in a 0600 option file, never in what
/// <c>ps</c> shows. A tool that runs the user's work (the server, a dump's client) runs as the workload's user
/// when given one (<c>runAs</c>); the agent's own sessions run as the agent.
/// </summary>
internal static class MySqlTools
{
    public const string Server = "mariadbd";
    public const string InstallDb = "mariadb-install-db";
    public const string Client = "mariadb";
    public const string Dump = "mariadb-dump";
    public const string Admin = "mariadb-admin";

    public static ProcessStartInfo StartInfo(
        string tool, IEnumerable<string> arguments, bool redirectInput = false, bool redirectOutput = true, WorkloadIdentity? runAs = null)
    {
        var start = runAs is null ? new WorkloadCommand(tool, [.. arguments], new Dictionary<string, string>()).ToStartInfo() : runAs.Command(tool, arguments).ToStartInfo();
        start.RedirectStandardInput = redirectInput;
        start.RedirectStandardOutput = redirectOutput;
        start.RedirectStandardError = redirectOutput;
        start.StandardOutputEncoding = redirectOutput ? Encoding.UTF8 : null;
        start.StandardErrorEncoding = redirectOutput ? Encoding.UTF8 : null;
        return start;
    }

    private static readonly Lazy<bool> SandboxOption = new(() =>
    {
        try
        {
            using var process = Start(StartInfo(Client, ["--no-defaults", "--help"]));
            var help = process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            process.WaitForExit();
            return help.Contains("--sandbox", StringComparison.Ordinal);
        }
        catch (MySqlRoleException)
        {
            return false;
        }
    });

    /// <summary>
    /// <c>--sandbox</c> when this client has it (MariaDB 10.5.25, 10.6.18, 10.11.8 and later): the client then refuses
    /// its own commands that reach the file system or a shell (<c>system</c>, <c>source</c>, <c>tee</c>, …).
    /// </summary>
    public static IReadOnlyList<string> SandboxArguments => SandboxOption.Value ? ["--sandbox"] : [];

    /// <summary>What is kept of a tool's standard output by default: status queries print a few lines.</summary>
    public const int DefaultOutputLimit = 1024 * 1024;

    /// <summary>
    /// Runs a tool to its end; <paramref name="input"/>, when given, is written to its standard input. At most
    /// <paramref name="outputLimit"/> characters of its output are kept (the rest is read and dropped), so a
    /// dump full of SELECTs cannot fill the agent's memory.
    /// </summary>
    public static async Task<MySqlToolResult> RunAsync(
        string tool, IEnumerable<string> arguments, Func<Stream, CancellationToken, Task>? input, CancellationToken cancellationToken,
        int outputLimit = DefaultOutputLimit, WorkloadIdentity? runAs = null)
    {
        using var process = Start(StartInfo(tool, arguments, redirectInput: input is not null, runAs: runAs));
        var output = ReadCappedAsync(process.StandardOutput, outputLimit, cancellationToken);
        var errors = ReadCappedAsync(process.StandardError, DefaultOutputLimit, cancellationToken);
        try
        {
            if (input is not null)
            {
                try
                {
                    await input(process.StandardInput.BaseStream, cancellationToken);
                }
                catch (IOException)
                {
                    // The tool stopped reading (it failed early): its exit code and messages tell why.
                }
                finally
                {
                    process.StandardInput.Close();
                }
            }
            await process.WaitForExitAsync(cancellationToken);
            return new MySqlToolResult(process.ExitCode, await output, await errors);
        }
        catch (OperationCanceledException)
        {
            KillQuietly(process);
            throw;
        }
    }

    /// <summary>Runs a tool with SQL text on its standard input.</summary>
    public static Task<MySqlToolResult> RunSqlAsync(string tool, IEnumerable<string> arguments, string sql, CancellationToken cancellationToken) =>
        RunAsync(tool, arguments, async (stdin, token) =>
        {
            var bytes = Encoding.UTF8.GetBytes(sql);
            await stdin.WriteAsync(bytes, token);
        }, cancellationToken);

    private static async Task<string> ReadCappedAsync(StreamReader reader, int limit, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        var buffer = new char[8192];
        int read;
        while ((read = await reader.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (text.Length < limit)
                text.Append(buffer, 0, Math.Min(read, limit - text.Length));
        }
        return text.ToString();
    }

    public static Process Start(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start) ?? throw new MySqlRoleException($"{start.FileName} did not start.");
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new MySqlRoleException($"{start.FileName} cannot be run on this node ({exception.Message}); is MariaDB installed?");
        }
    }

    public static void KillQuietly(Process process)
    {
        try
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}
