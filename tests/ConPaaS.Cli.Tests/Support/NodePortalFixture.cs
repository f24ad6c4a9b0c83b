using ConPaaS.EndToEnd.Tests.Support;

namespace ConPaaS.Cli.Tests.Support;

/// <summary>
/// A real portal that runs nodes: the local cloud on a slice of 127.0.205.0/24 of its own (so the classes that
/// use one run side by side without sharing an address), and the self-test service type. Its dispose kills
/// whatever names its data folder: agents, nginx, php-fpm, mariadbd.
/// </summary>
public abstract class NodePortalFixture(int firstHost, int lastHost) : IAsyncLifetime
{
    private PortalProcess? _portal;

    public string Url => Portal.Url;

    public PortalProcess Portal => _portal ?? throw new InvalidOperationException("The portal has not started.");

    public async Task InitializeAsync() => _portal = await PortalProcess.StartAsync(new Dictionary<string, string>
    {
        ["ConPaaS__Clouds__0__Name"] = "local",
        ["ConPaaS__Clouds__0__Driver"] = "local",
        ["ConPaaS__Clouds__0__IsDefault"] = "true",
        ["ConPaaS__Clouds__0__InstanceTypes__0__Name"] = "small",
        ["ConPaaS__Clouds__0__InstanceTypes__0__PricePerHour"] = "0.05",
        ["ConPaaS__Clouds__0__Local__AddressRangeStart"] = $"10.0.205.{firstHost}",
        ["ConPaaS__Clouds__0__Local__AddressRangeEnd"] = $"10.0.205.{lastHost}",
        ["ConPaaS__Features__SelfTestService"] = "true",
    });

    public async Task DisposeAsync()
    {
        if (_portal is not null)
            await _portal.DisposeAsync();
    }
}

/// <summary>For the self-test type's lifecycle verbs: agents only.</summary>
public sealed class SelfTestPortalFixture() : NodePortalFixture(2, 80);

/// <summary>For the code verbs: real nginx and php-fpm.</summary>
public sealed class PhpPortalFixture() : NodePortalFixture(81, 160);

/// <summary>For the mysql verbs: a real MariaDB.</summary>
public sealed class MySqlPortalFixture() : NodePortalFixture(161, 254);
