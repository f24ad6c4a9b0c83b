using System.Diagnostics;
using System.Globalization;
using System.Net;
using ConPaaS.Infrastructure.Clouds;
using ConPaaS.Infrastructure.Clouds.Local;
using ConPaaS.Infrastructure.Clouds.Local.Isolation;

namespace ConPaaS.Infrastructure.Tests.Clouds;

/// <summary>A local node as its own machine: its processes end with it, its size is its type's, the host's capacity holds.</summary>
public sealed class LocalNodeIsolationTests : IAsyncLifetime
{
    private readonly LocalCloudSandbox _sandbox = new(new Dictionary<string, string?>
    {
        ["ConPaaS:Clouds:0:InstanceTypes:1:Name"] = "half",
        ["ConPaaS:Clouds:0:InstanceTypes:1:PricePerHour"] = "0.1",
        ["ConPaaS:Clouds:0:InstanceTypes:1:Cores"] = "0.5",
        ["ConPaaS:Clouds:0:InstanceTypes:1:MemoryMiB"] = "512",
        ["ConPaaS:Clouds:0:InstanceTypes:2:Name"] = "big",
        ["ConPaaS:Clouds:0:InstanceTypes:2:PricePerHour"] = "0.5",
        ["ConPaaS:Clouds:0:InstanceTypes:2:Cores"] = "0.6",
        ["ConPaaS:Clouds:0:Local:Capacity:Cores"] = "1",
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task A_killed_agent_and_a_stop_leave_no_process_of_the_node_and_the_next_node_gets_its_address()
    {
        // The startup script leaves processes that no longer descend from the agent: a new session, a double fork.
        var node = await _sandbox.CreateNodeAsync("n1", "setsid sleep 600 & (sleep 601 &) & nohup sleep 602 >/dev/null 2>&1 &\n");
        await _sandbox.Client.RunStartupScriptAsync(node.Agent);
        var sandboxed = Describe(node);
        var sleepers = await EventuallyAsync(() => NodeSandbox.Processes(sandboxed).Count(pid => CommandLine(pid).StartsWith("sleep 60", StringComparison.Ordinal)), count => count == 3);
        Assert.Equal(3, sleepers);
        var agent = NodeSandbox.Processes(sandboxed).Single(pid => CommandLine(pid).Contains("ConPaaS.Agent.dll", StringComparison.Ordinal) && !CommandLine(pid).StartsWith("bwrap", StringComparison.Ordinal));

        Process.GetProcessById(agent).Kill(); // SIGKILL: no clean-up of its own
        Assert.Empty(await EventuallyAsync(() => _sandbox.Cloud.ListNodesAsync().GetAwaiter().GetResult(), nodes => nodes.Count == 0));

        // Stopping the node ends everything it left, by its cgroup: the servers, the daemons, the sandbox.
        await _sandbox.Cloud.TerminateNodeAsync("n1");
        Assert.Empty(NodeSandbox.Processes(sandboxed));
        Assert.False(File.Exists($"/run/netns/{sandboxed.NetworkNamespace}"));
        Assert.False(Directory.Exists($"/sys/fs/cgroup/cpu/conpaas/{sandboxed.CgroupName}"));

        var next = await _sandbox.CreateNodeAsync("n2");
        Assert.Equal(node.Address, next.Address);
        Assert.Equal("n2", (await _sandbox.Client.GetStatusAsync(next.Agent)).NodeId);
    }

    [Fact]
    public async Task A_node_gets_the_CPU_share_its_instance_type_states()
    {
        const double seconds = 4;
        var specs = new[] { new NodeSpec("cpu", ["test"], InstanceType: "half",
            StartupScript: $"timeout {seconds} bash -c 'while :; do :; done'; times\n") };
        var node = (await _sandbox.Cloud.CreateNodesAsync(specs)).Single();
        var result = await _sandbox.Client.RunStartupScriptAsync(node.Agent);
        var log = Path.Combine(_sandbox.NodesDirectory, node.NodeId, "logs", result.LogFile);

        // `times` prints the shell's own times, then its children's: the busy loop's user and system time.
        var children = File.ReadAllLines(log).Where(line => line.Contains('m') && line.Contains('s')).ToList();
        Assert.True(children.Count >= 2, string.Join('\n', File.ReadAllLines(log)));
        double cpu = children[1].Split(' ', StringSplitOptions.RemoveEmptyEntries).Sum(Seconds);

        Assert.InRange(cpu / seconds, 0.5 * 0.85, 0.5 * 1.15);
    }

    [Fact]
    public async Task A_node_the_host_cannot_hold_is_refused_saying_what_is_used()
    {
        await _sandbox.Cloud.CreateNodesAsync([new NodeSpec("b1", ["test"], InstanceType: "big")]);

        var refused = await Assert.ThrowsAsync<CloudException>(() => _sandbox.Cloud.CreateNodesAsync([new NodeSpec("b2", ["test"], InstanceType: "big")]));

        Assert.Contains("cannot hold another big node", refused.Message, StringComparison.Ordinal);
        Assert.Contains("0.6 of 1 cores", refused.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_sandbox.NodesDirectory, "b2")));
        Assert.Equal(1, ((LocalCloud)_sandbox.Cloud).MaxNodesOf("big"));
        Assert.Null(((LocalCloud)_sandbox.Cloud).MaxNodesOf("small")); // no size stated, no limit
    }

    [Fact]
    public async Task A_node_has_its_own_address_on_the_private_network_and_its_memory_limit()
    {
        var node = (await _sandbox.Cloud.CreateNodesAsync([new NodeSpec("m1", ["test"], InstanceType: "half")])).Single();
        var sandboxed = Describe(node);

        Assert.False(IPAddress.IsLoopback(IPAddress.Parse(node.Address)));
        Assert.Equal(512L * 1024 * 1024, long.Parse(await File.ReadAllTextAsync($"/sys/fs/cgroup/memory/conpaas/{sandboxed.CgroupName}/memory.limit_in_bytes"), CultureInfo.InvariantCulture));
        Assert.Equal(50_000, int.Parse(await File.ReadAllTextAsync($"/sys/fs/cgroup/cpu/conpaas/{sandboxed.CgroupName}/cpu.cfs_quota_us"), CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_node_has_a_tmp_its_user_can_write_and_keeps_the_agents_console_log_from_it()
    {
        var node = await _sandbox.CreateNodeAsync("t1", "id -u; echo scratch > /tmp/mine && cat /tmp/mine; echo spare > /var/tmp/mine && cat /var/tmp/mine\n");
        var result = await _sandbox.Client.RunStartupScriptAsync(node.Agent);
        var output = await File.ReadAllLinesAsync(Path.Combine(_sandbox.NodesDirectory, "t1", "logs", result.LogFile));

        Assert.True(result.ExitCode == 0, string.Join('\n', output));
        Assert.NotEqual("0", output[0]);
        Assert.Equal(["scratch", "spare"], output[1..]);
        var console = Path.Combine(_sandbox.NodesDirectory, "t1", "logs", "agent-console.log");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(console));
    }

    private SandboxedNode Describe(CloudNode node) =>
        new(node.NodeId, IPAddress.Parse(node.Address), new NodeAddressRange(_sandbox.AddressRangeStart, _sandbox.AddressRangeEnd, LocalNodeIsolation.Namespaces, 24),
            Path.Combine(_sandbox.NodesDirectory, node.NodeId), 0, 0, 0, 0, [], []);

    private static double Seconds(string time)
    {
        // bash prints 0m1.234s
        var minutes = time.IndexOf('m');
        return int.Parse(time[..minutes], CultureInfo.InvariantCulture) * 60 + double.Parse(time[(minutes + 1)..^1], CultureInfo.InvariantCulture);
    }

    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static async Task<T> EventuallyAsync<T>(Func<T> probe, Func<T, bool> done, int seconds = 10)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var value = probe();
            if (done(value) || deadline.Elapsed.TotalSeconds > seconds)
                return value;
            await Task.Delay(100);
        }
    }
}
