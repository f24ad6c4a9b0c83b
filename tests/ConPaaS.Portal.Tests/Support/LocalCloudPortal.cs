using ConPaaS.Infrastructure.Clouds;
using ConPaaS.Infrastructure.Clouds.Local;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ConPaaS.Portal.Tests.Support;

/// <summary>
/// A portal with the local cloud on a loopback range of its own (so parallel classes and runs never collide;
/// 10.100–149.x.y: the other test projects use other second octets),
/// the self-test service type, and fast health checks. Every agent it started is terminated on dispose.
/// </summary>
public class LocalCloudPortal : PortalFactory
{
    private static int _instances;
    private readonly string _range;

    public LocalCloudPortal() : this(dataDirectory: null, range: null) { }

    /// <summary>A second portal on the same data folder and range: a restart of the first.</summary>
    public LocalCloudPortal(string? dataDirectory, string? range) : base(dataDirectory)
    {
        _range = range ?? $"10.{100 + Environment.ProcessId % 50}.{Interlocked.Increment(ref _instances) % 250 + 1}";
    }

    public string Range => _range;

    /// <summary>False for a portal that a later one takes over (the restart test): it leaves its nodes running.</summary>
    public bool TerminateNodesOnDispose { get; set; } = true;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("ConPaaS:Features:SelfTestService", "true");
        builder.UseSetting("ConPaaS:Clouds:0:Local:AddressRangeStart", $"{_range}.2");
        builder.UseSetting("ConPaaS:Clouds:0:Local:AddressRangeEnd", $"{_range}.254");
        builder.UseSetting("ConPaaS:Health:Interval", "00:00:02");
        builder.UseSetting("ConPaaS:Health:Timeout", "00:00:03");
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && TerminateNodesOnDispose)
        {
            try
            {
                var clouds = Services.GetRequiredService<CloudRegistry>();
                foreach (var cloud in clouds.All)
                {
                    // A local node whose agent died still holds a cgroup and a network: end every node folder's.
                    var nodes = cloud is LocalCloud local && Directory.Exists(local.NodesDirectory)
                        ? Directory.EnumerateDirectories(local.NodesDirectory).Select(Path.GetFileName).OfType<string>().ToList()
                        : cloud.ListNodesAsync().GetAwaiter().GetResult().Select(node => node.NodeId).ToList();
                    foreach (var node in nodes)
                        cloud.TerminateNodeAsync(node).GetAwaiter().GetResult();
                }
            }
            catch (ObjectDisposedException)
            {
                // Never started: nothing to terminate.
            }
            LeftoverProcesses.KillUnder(DataDirectory);
        }
        base.Dispose(disposing);
    }
}
