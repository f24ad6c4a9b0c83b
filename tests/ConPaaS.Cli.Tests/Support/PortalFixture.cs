using ConPaaS.EndToEnd.Tests.Support;

namespace ConPaaS.Cli.Tests.Support;

/// <summary>One real portal per test class: starting one costs seconds, a `cps` run a fraction of one.</summary>
public sealed class PortalFixture : IAsyncLifetime
{
    private PortalProcess? _portal;

    public string Url => (_portal ?? throw new InvalidOperationException("The portal has not started.")).Url;

    /// <summary>
    /// The portal runs in a folder of its own, away from the repository's appsettings.json, so the cloud that
    /// `cps clouds` lists is configured here, the way an installation would through its environment.
    /// </summary>
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["ConPaaS__Clouds__0__Name"] = "local",
        ["ConPaaS__Clouds__0__Driver"] = "local",
        ["ConPaaS__Clouds__0__IsDefault"] = "true",
        ["ConPaaS__Clouds__0__InstanceTypes__0__Name"] = "small",
        ["ConPaaS__Clouds__0__InstanceTypes__0__PricePerHour"] = "0.05",
        ["ConPaaS__Clouds__0__InstanceTypes__1__Name"] = "large",
        ["ConPaaS__Clouds__0__InstanceTypes__1__PricePerHour"] = "0.2",
    };

    public async Task InitializeAsync() => _portal = await PortalProcess.StartAsync(Settings);

    public async Task DisposeAsync()
    {
        if (_portal is not null)
            await _portal.DisposeAsync();
    }

    /// <summary>Names unique to one test, since the tests of a class share the portal and its admin account.</summary>
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";
}
