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
                // The console log is the agent's, made 0600 before the redirect opens it: not for the node's user to read.
                "-c", "log=$1; script=$2; shift 2; [ -e \"$log\" ] || (umask 077; : >\"$log\"); exec setsid bash -c \"$script\" node-sandbox start -- \"$@\" </dev/null >>\"$log\" 2>&1",
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
        if (await RunAsync("stop", node.Environment(), cancellationToken) is { } failure)
            throw new InvalidOperationException($"The sandbox of node {node.NodeId} was not taken apart: {failure}");
    }

    /// <summary>
    /// Makes the cloud's bridge, so that its network is routed to it before any of its addresses is called: on a
    /// host whose default route leads elsewhere, a call to a node address without it would leave the machine.
    /// </summary>
    public static async Task PrepareNetworkAsync(NodeAddressRange range, CancellationToken cancellationToken)
    {
        if (await RunAsync("network", NetworkEnvironment(range), cancellationToken) is { } failure)
            throw new InvalidOperationException($"The local cloud's network {range.Network}/{range.PrefixLength} could not be made: {failure}");
    }

    /// <summary>Routes the cloud's network to "unreachable" while no bridge serves it (best effort: needs root).</summary>
    public static void Fence(NodeAddressRange range) => _ = RunAsync("fence", NetworkEnvironment(range), CancellationToken.None).GetAwaiter().GetResult();

    private static Dictionary<string, string> NetworkEnvironment(NodeAddressRange range) => new()
    {
        ["CPS_BRIDGE"] = SandboxedNode.BridgeOf(range),
        ["CPS_GATEWAY"] = range.Gateway!.ToString(),
        ["CPS_NETWORK"] = range.Network!.ToString(),
        ["CPS_PREFIX_LENGTH"] = range.PrefixLength.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    };

    /// <summary>Runs a verb of the script; returns its error output when it fails, null when it succeeds.</summary>
    private static async Task<string?> RunAsync(string verb, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("bash")
        {
            ArgumentList = { "-c", Script.Value, "node-sandbox", verb },
            UseShellExecute = false,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        start.Environment.Clear();
        foreach (var (name, value) in environment)
            start.Environment[name] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start.");
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return process.ExitCode == 0 ? null : (await errors).Trim();
    }

    /// <summary>Makes the node's network namespace, which claims its address host-wide; false when it exists already.</summary>
    public static bool TryClaim(System.Net.IPAddress address)
    {
        var name = SandboxedNode.NetworkNamespaceOf(address);
        if (File.Exists($"/run/netns/{name}"))
            return false;
        using var process = Process.Start(new ProcessStartInfo("ip", ["netns", "add", name])
        {
            UseShellExecute = false,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("ip did not start.");
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0;
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
