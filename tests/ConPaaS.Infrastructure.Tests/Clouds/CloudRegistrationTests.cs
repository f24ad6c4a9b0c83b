using ConPaaS.Infrastructure.Agents;
using ConPaaS.Infrastructure.Clouds;
using ConPaaS.Infrastructure.Clouds.Local;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ConPaaS.Infrastructure.Tests.Clouds;

public sealed class CloudRegistrationTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("conpaas-registration-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public void Without_configuration_there_is_one_local_cloud_with_its_nodes_under_the_data_folder()
    {
        using var portal = Compose([]);

        var registry = portal.GetRequiredService<CloudRegistry>();

        var cloud = Assert.IsType<LocalCloud>(Assert.Single(registry.All));
        Assert.Same(cloud, registry.Default);
        Assert.Same(cloud, registry.Get(null));
        Assert.Equal("local", cloud.Name);
        Assert.Equal(Path.Combine(_data, "nodes"), cloud.NodesDirectory);
        Assert.NotNull(portal.GetRequiredService<IAgentClient>());
    }

    [Fact]
    public void Clouds_and_their_instance_types_come_from_configuration()
    {
        using var portal = Compose(new()
        {
            ["ConPaaS:Clouds:0:Name"] = "here",
            ["ConPaaS:Clouds:0:Driver"] = "local",
            ["ConPaaS:Clouds:0:InstanceTypes:0:Name"] = "small",
            ["ConPaaS:Clouds:0:InstanceTypes:0:PricePerHour"] = "0.5",
            ["ConPaaS:Clouds:0:InstanceTypes:1:Name"] = "large",
            ["ConPaaS:Clouds:0:InstanceTypes:1:PricePerHour"] = "2",
            ["ConPaaS:Clouds:1:Name"] = "there",
            ["ConPaaS:Clouds:1:IsDefault"] = "true",
            ["ConPaaS:Clouds:1:Local:AddressRangeStart"] = "10.0.2.2",
            ["ConPaaS:Clouds:1:Local:AddressRangeEnd"] = "10.0.2.9",
        });

        var registry = portal.GetRequiredService<CloudRegistry>();

        Assert.Equal(["here", "there"], registry.All.Select(cloud => cloud.Name));
        Assert.Equal("there", registry.Default.Name);
        Assert.Equal([("small", 0.5m), ("large", 2m)], registry.Get("here").InstanceTypes.Select(type => (type.Name, type.PricePerHour)));
        Assert.Equal(Path.Combine(_data, "nodes-there"), ((LocalCloud)registry.Get("there")).NodesDirectory);
        Assert.Throws<CloudException>(() => registry.Get("nowhere"));
    }

    [Fact]
    public void An_unknown_driver_is_refused_with_its_name()
    {
        using var portal = Compose(new() { ["ConPaaS:Clouds:0:Name"] = "x", ["ConPaaS:Clouds:0:Driver"] = "vmware" });

        var failure = Assert.Throws<InvalidOperationException>(() => portal.GetRequiredService<CloudRegistry>());

        Assert.Contains("vmware", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_clouds_of_one_name_are_refused()
    {
        using var portal = Compose(new() { ["ConPaaS:Clouds:0:Name"] = "a", ["ConPaaS:Clouds:1:Name"] = "A" });

        Assert.Throws<OptionsValidationException>(() => portal.GetRequiredService<CloudRegistry>());
    }

    private ServiceProvider Compose(Dictionary<string, string?> settings) =>
        new ServiceCollection()
            .AddLogging()
            .AddSingleton(DataProtectionProvider.Create(new DirectoryInfo(Path.Combine(_data, "keys"))))
            .AddClouds(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), _data)
            .BuildServiceProvider();
}
