using ConPaaS.Infrastructure.Agents;
using ConPaaS.Infrastructure.Clouds;
using ConPaaS.Infrastructure.Clouds.Vm;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ConPaaS.Infrastructure.Tests.Clouds.Fakes;

/// <summary>
/// A throw-away installation whose only cloud is a virtual-machine cloud (<c>ec2</c> or <c>opennebula</c>)
/// pointed at a wire-level fake of its API; composed exactly as <c>AddClouds</c> composes the portal. The wait
/// limits are short so that fault tests are quick. Disposing stops the fake and kills every process it started.
/// </summary>
public sealed class VmCloudSandbox : IAsyncDisposable
{
    public const string CloudName = "vm-test";

    private readonly ServiceProvider _portal;
    private readonly FakeEc2Server? _ec2;
    private readonly FakeOpenNebulaServer? _openNebula;

    public VmCloudSandbox(string driver, IDictionary<string, string?>? overrides = null)
    {
        DataDirectory = Directory.CreateTempSubdirectory("conpaas-vm-test-").FullName;
        Machines = new FakeMachines(Path.Combine(DataDirectory, "machines"));
        var package = new AgentPackage(Path.Combine(AppContext.BaseDirectory, "agent"), Path.Combine(DataDirectory, "agent-package"));
        string url;
        if (driver == "ec2")
        {
            _ec2 = new FakeEc2Server(Machines, package.GetPathAsync);
            url = _ec2.Url;
        }
        else
        {
            _openNebula = new FakeOpenNebulaServer(Machines, package.GetPathAsync);
            url = _openNebula.Url;
        }
        var section = driver == "ec2" ? "Ec2" : "OpenNebula";
        var settings = new Dictionary<string, string?>
        {
            ["ConPaaS:PublicUrl"] = url,
            ["ConPaaS:Clouds:0:Name"] = CloudName,
            ["ConPaaS:Clouds:0:Driver"] = driver,
            ["ConPaaS:Clouds:0:InstanceTypes:0:Name"] = "t3.micro",
            ["ConPaaS:Clouds:0:InstanceTypes:0:PricePerHour"] = "0.0104",
            ["ConPaaS:Clouds:0:InstanceTypes:1:Name"] = "t3.large",
            ["ConPaaS:Clouds:0:InstanceTypes:1:PricePerHour"] = "0.0832",
            ["ConPaaS:Clouds:0:Ec2:ServiceUrl"] = url,
            ["ConPaaS:Clouds:0:Ec2:AccessKeyId"] = FakeEc2Server.AccessKeyId,
            ["ConPaaS:Clouds:0:Ec2:SecretAccessKey"] = "fake-secret-never-logged",
            ["ConPaaS:Clouds:0:Ec2:ImageId"] = "ami-0123456789",
            ["ConPaaS:Clouds:0:Ec2:MaxErrorRetry"] = "2",
            ["ConPaaS:Clouds:0:OpenNebula:Endpoint"] = url + "/RPC2",
            ["ConPaaS:Clouds:0:OpenNebula:UserName"] = FakeOpenNebulaServer.UserName,
            ["ConPaaS:Clouds:0:OpenNebula:Password"] = FakeOpenNebulaServer.Password,
            ["ConPaaS:Clouds:0:OpenNebula:Template"] = "CPU=1 MEMORY=512",
            [$"ConPaaS:Clouds:0:{section}:Bootstrap:InstancePollInterval"] = "00:00:00.100",
            [$"ConPaaS:Clouds:0:{section}:Bootstrap:AddressTimeout"] = "00:00:01",
            [$"ConPaaS:Clouds:0:{section}:Bootstrap:AgentPollInterval"] = "00:00:00.200",
            [$"ConPaaS:Clouds:0:{section}:Bootstrap:AgentReadyTimeout"] = "00:00:30",
            [$"ConPaaS:Clouds:0:{section}:Bootstrap:Attempts"] = "2",
            ["ConPaaS:Agents:AttemptTimeout"] = "00:00:02",
            ["ConPaaS:Agents:TotalTimeout"] = "00:00:03",
            ["ConPaaS:Agents:RetryDelay"] = "00:00:00.050",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
            settings[key.Replace("{section}", section, StringComparison.Ordinal)] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(DataProtectionProvider.Create(new DirectoryInfo(Path.Combine(DataDirectory, "keys"))))
            .AddClouds(configuration, DataDirectory);
        services.AddSingleton(package); // the one the fake serves, so the checksum in the user-data matches
        _portal = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    public string DataDirectory { get; }

    public FakeMachines Machines { get; }

    public FakeEc2Server Ec2 => _ec2 ?? throw new InvalidOperationException("Not an ec2 sandbox.");

    public FakeOpenNebulaServer OpenNebula => _openNebula ?? throw new InvalidOperationException("Not an opennebula sandbox.");

    public CloudRegistry Registry => _portal.GetRequiredService<CloudRegistry>();

    public ICloud Cloud => Registry.Default;

    public IAgentClient Agents => _portal.GetRequiredService<IAgentClient>();

    public string InstallationId => _portal.GetRequiredService<NodeBootstrapFactory>().InstallationId;

    public async Task<CloudNode> CreateNodeAsync(string nodeId, string? instanceType = null) =>
        (await Cloud.CreateNodesAsync([new NodeSpec(nodeId, ["test"], instanceType, ServiceId: 42)])).Single();

    public async ValueTask DisposeAsync()
    {
        Machines.Dispose();
        if (_ec2 is not null)
            await _ec2.DisposeAsync();
        if (_openNebula is not null)
            await _openNebula.DisposeAsync();
        await _portal.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A killed agent may still hold a file for a moment; the folder is temporary.
        }
    }
}
