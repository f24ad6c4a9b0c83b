using System.Globalization;
using ConPaaS.Infrastructure.Agents;
using ConPaaS.Infrastructure.Tests.Clouds;
using Xunit.Abstractions;

namespace ConPaaS.Agent.Tests;

/// <summary>
/// An agent runs on every node, often many per machine in the local cloud: an idle one must stay small.
/// Resident memory has two parts: pages private to the agent (its heap, JIT-compiled code) and clean pages of
/// the .NET runtime and framework files, which the kernel shares among every agent and the portal. The test
/// holds the private part under 60 MB and prints both, so a regression in either shows.
/// </summary>
public sealed class AgentMemoryTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const long MaxPrivateResidentKiB = 60 * 1024;
    private const long MaxTotalResidentKiB = 100 * 1024;

    private readonly LocalCloudSandbox _sandbox = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task An_idle_agent_stays_small()
    {
        var node = await _sandbox.CreateNodeAsync("memory", "echo ready");
        var pid = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(_sandbox.NodesDirectory, "memory", "node.json")))
            .RootElement.GetProperty("pid").GetInt32();
        var client = _sandbox.Client;
        await client.GetStatusAsync(node.Agent);
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Report("Fresh agent (after one status call)", pid);

        // Exercise every endpoint once, as a manager would while setting the node up; then leave it idle.
        await client.ConfigureRoleAsync(node.Agent, "test", new { size = 1 });
        await client.StartRoleAsync(node.Agent, "test");
        await client.RunStartupScriptAsync(node.Agent);
        await client.ListLogsAsync(node.Agent);
        await client.ReadLogTailAsync(node.Agent, "agent.log", 20);
        await client.GetStatusAsync(node.Agent);
        await Task.Delay(TimeSpan.FromSeconds(1));
        var (total, privateResident) = Report("Idle agent (after every endpoint)", pid);

        Assert.True(privateResident < MaxPrivateResidentKiB, $"the idle agent holds {privateResident} KiB of private memory");
        Assert.True(total < MaxTotalResidentKiB, $"the idle agent holds {total} KiB resident");
    }

    private (long Total, long Private) Report(string moment, int pid)
    {
        var total = Read($"/proc/{pid}/status", "VmRSS:");
        var anonymous = Read($"/proc/{pid}/status", "RssAnon:");
        var file = Read($"/proc/{pid}/status", "RssFile:");
        var shared = Read($"/proc/{pid}/status", "RssShmem:");
        var proportional = Read($"/proc/{pid}/smaps_rollup", "Pss:");
        output.WriteLine(
            $"{moment}: VmRSS {total / 1024.0:F1} MiB = RssAnon {anonymous / 1024.0:F1} + RssShmem (JIT code) {shared / 1024.0:F1} "
            + $"+ RssFile (shared runtime files) {file / 1024.0:F1}; Pss {proportional / 1024.0:F1} MiB");
        return (total, anonymous + shared);
    }

    private static long Read(string path, string field) =>
        long.Parse(
            File.ReadLines(path).First(line => line.StartsWith(field, StringComparison.Ordinal))[field.Length..].Trim().Split(' ')[0],
            CultureInfo.InvariantCulture);
}
