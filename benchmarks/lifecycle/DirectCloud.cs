using System.Diagnostics;
using System.Globalization;
using ConPaaS.Infrastructure.Agents;
using ConPaaS.Infrastructure.Clouds;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ConPaaS.Benchmarks.Lifecycle;

/// <summary>
/// The baseline: the local cloud and the agent client composed as the portal composes them (<c>AddClouds</c>),
/// with a data folder, key ring and loopback range of their own, but no portal around them: no database, no
/// operation, no job queue. What it measures is the floor the portal's node machinery stands on.
/// </summary>
public sealed class DirectCloud : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly string _runDirectory;
    private int _counter;

    public DirectCloud(string runDirectory, string agentPath, string rangeStart, string rangeEnd)
    {
        _runDirectory = runDirectory;
        DataDirectory = Directory.CreateDirectory(Path.Combine(runDirectory, "direct")).FullName;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConPaaS:Clouds:0:Name"] = "local",
            ["ConPaaS:Clouds:0:Driver"] = "local",
            ["ConPaaS:Clouds:0:InstanceTypes:0:Name"] = "small",
            ["ConPaaS:Clouds:0:InstanceTypes:0:PricePerHour"] = "0.05",
            // The baseline is the bare launch of decision 002 (a loopback process), so the ratio includes what
            // isolating a node costs.
            ["ConPaaS:Clouds:0:Local:Isolation"] = "Loopback",
            ["ConPaaS:Clouds:0:Local:AddressRangeStart"] = rangeStart,
            ["ConPaaS:Clouds:0:Local:AddressRangeEnd"] = rangeEnd,
            ["ConPaaS:Clouds:0:Local:AgentPath"] = agentPath,
        }).Build();
        _services = new ServiceCollection()
            .AddLogging(logging =>
            {
                // LIFECYCLE_BENCH_LOG=1 shows the local cloud's own log (addresses, pids) on the console.
                if (Environment.GetEnvironmentVariable("LIFECYCLE_BENCH_LOG") == "1")
                    logging.AddSimpleConsole(console => console.SingleLine = true);
            })
            .AddSingleton(DataProtectionProvider.Create(new DirectoryInfo(Path.Combine(DataDirectory, "keys"))))
            .AddClouds(configuration, DataDirectory)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    public string DataDirectory { get; }

    public string NodesDirectory => Path.Combine(DataDirectory, "nodes");

    private ICloud Cloud => _services.GetRequiredService<CloudRegistry>().Default;

    private IAgentClient Client => _services.GetRequiredService<IAgentClient>();

    /// <summary>Attempts that failed and were retried, each with its reason (see <see cref="LaunchAsync"/>).</summary>
    public List<string> FailedAttempts { get; } = [];

    /// <summary>
    /// Creates <paramref name="count"/> agents in one <c>CreateNodesAsync</c> call (in parallel) and asks each its
    /// status; returns the seconds that took and the nodes, still running. An attempt that fails (a node that did
    /// not start, or an agent that is not the one expected at its address) is recorded in
    /// <see cref="FailedAttempts"/>, cleaned up and tried again, up to three times.
    /// </summary>
    public async Task<(double Seconds, IReadOnlyList<CloudNode> Nodes)> LaunchAsync(int count)
    {
        for (var attempt = 1; ; attempt++)
        {
            var specs = Enumerable.Range(0, count)
                .Select(_ => new NodeSpec($"bench-{Interlocked.Increment(ref _counter).ToString(CultureInfo.InvariantCulture)}", ["test"]))
                .ToList();
            try
            {
                var clock = Stopwatch.StartNew();
                var nodes = await Cloud.CreateNodesAsync(specs);
                var statuses = await Task.WhenAll(nodes.Select(node => Client.GetStatusAsync(node.Agent)));
                var seconds = clock.Elapsed.TotalSeconds;
                if (statuses.Any(status => !status.Alive))
                    throw new InvalidOperationException("A directly launched agent answered but is not alive.");
                return (seconds, nodes);
            }
            catch (Exception exception) when (exception is CloudException or AgentException or InvalidOperationException && attempt < 3)
            {
                FailedAttempts.Add($"{count} node(s): {exception.Message}");
                await Task.WhenAll(specs.Select(spec => Cloud.TerminateNodeAsync(spec.NodeId)));
            }
        }
    }

    public async Task StatusAsync(CloudNode node) => await Client.GetStatusAsync(node.Agent);

    public int PidOf(CloudNode node) => Leftovers.PidOf(Path.Combine(NodesDirectory, node.NodeId));

    public Task TerminateAsync(IEnumerable<CloudNode> nodes) =>
        Task.WhenAll(nodes.Select(node => Cloud.TerminateNodeAsync(node.NodeId)));

    public async ValueTask DisposeAsync()
    {
        try
        {
            foreach (var node in await Cloud.ListNodesAsync())
                await Cloud.TerminateNodeAsync(node.NodeId);
        }
        finally
        {
            Leftovers.KillAgents(NodesDirectory, _runDirectory);
            await _services.DisposeAsync();
        }
    }
}
