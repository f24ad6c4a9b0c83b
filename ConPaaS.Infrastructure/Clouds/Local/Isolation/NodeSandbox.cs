using System.Diagnostics;
using System.Reflection;

namespace ConPaaS.Infrastructure.Clouds.Local.Isolation;

/// <summary>
/// Starts a node inside its sandbox and takes the sandbox apart again, through <c>node-sandbox.sh</c> (embedded:
/// cgroups, a network namespace and bubblewrap, which Linux and Debian provide; this is no container runtime of
/// our own, only their arrangement).
/// </summary>
internal static class NodeSandbox
{
    private static readonly Lazy<string> Script = new(() =>
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("ConPaaS.Infrastructure.Clouds.Local.Isolation.node-sandbox.sh")
            ?? throw new InvalidOperationException("node-sandbox.sh is not embedded in ConPaaS.Infrastructure.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <summary>The tools the sandbox is made with; each missing one is named when the cloud starts.</summary>
    public static IEnumerable<string> MissingTools() =>
        new[] { "bwrap", "nsenter", "ip", "setsid", "flock" }.Where(tool => !OnPath(tool));

    /// <summary>
    /// A start of <paramref name="command"/> as the node's first process. The script sets the node up and then
    /// becomes (exec) its sandbox, in a session of its own so that a Ctrl-C at the portal's terminal never reaches
    /// it: the pid of the started process is the sandbox's.
    /// </summary>
    public static ProcessStartInfo StartInfo(SandboxedNode node, string consoleLog, IReadOnlyList<string> command)
    {
        WriteAccounts(node);
        var start = new ProcessStartInfo("bash")
        {
            ArgumentList =
            {
                "-c", "log=$1; script=$2; shift 2; exec setsid bash -c \"$script\" node-sandbox start -- \"$@\" </dev/null >>\"$log\" 2>&1",
                "conpaas-node", consoleLog, Script.Value,
            },
            WorkingDirectory = node.NodeDirectory,
            UseShellExecute = false,
        };
        foreach (var argument in command)
            start.ArgumentList.Add(argument);
        start.Environment.Clear();
        foreach (var (name, value) in node.Environment())
            start.Environment[name] = value;
        return start;
    }

    /// <summary>Ends every process of the node (by its cgroup) and removes its cgroups and network.</summary>
    public static async Task TearDownAsync(SandboxedNode node, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("bash")
        {
            ArgumentList = { "-c", Script.Value, "node-sandbox", "stop" },
            UseShellExecute = false,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        start.Environment.Clear();
        foreach (var (name, value) in node.Environment())
            start.Environment[name] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start.");
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"The sandbox of node {node.NodeId} was not taken apart: {(await errors).Trim()}");
    }

    /// <summary>The pids of the node's processes now, from its cgroup (empty once it is gone).</summary>
    public static IReadOnlyList<int> Processes(SandboxedNode node)
    {
        foreach (var procs in new[]
        {
            $"/sys/fs/cgroup/pids/conpaas/{node.CgroupName}/cgroup.procs",
            $"/sys/fs/cgroup/cpu/conpaas/{node.CgroupName}/cgroup.procs",
            $"/sys/fs/cgroup/conpaas/{node.CgroupName}/cgroup.procs",
        })
        {
            try
            {
                return File.ReadAllLines(procs).Where(line => line.Length > 0).Select(int.Parse).ToList();
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // Not this hierarchy, or already removed.
            }
        }
        return [];
    }

    /// <summary>
    /// The node's own account files: the system's accounts plus <c>conpaas</c>, the node's user, so that
    /// <c>id</c> and <c>whoami</c> answer as on a VM. Read-only inside the node.
    /// </summary>
    private static void WriteAccounts(SandboxedNode node)
    {
        var uid = node.WorkloadUid.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Directory.CreateDirectory(node.EtcDirectory);
        File.WriteAllText(Path.Combine(node.EtcDirectory, "passwd"),
            File.ReadAllText("/etc/passwd").TrimEnd('\n') + $"\nconpaas:x:{uid}:{uid}:ConPaaS node user:{node.HomeDirectory}:/bin/bash\n");
        File.WriteAllText(Path.Combine(node.EtcDirectory, "group"),
            File.ReadAllText("/etc/group").TrimEnd('\n') + $"\nconpaas:x:{uid}:\n");
        Directory.CreateDirectory(node.HomeDirectory);
        FileOwnership.Change(node.HomeDirectory, node.WorkloadUid, node.WorkloadUid);
        File.SetUnixFileMode(node.HomeDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':')
            .Append("/usr/sbin").Append("/sbin")
            .Any(directory => File.Exists(Path.Combine(directory, tool)));
}
