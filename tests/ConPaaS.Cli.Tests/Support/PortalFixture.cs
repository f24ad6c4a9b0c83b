using ConPaaS.EndToEnd.Tests.Support;

namespace ConPaaS.Cli.Tests.Support;

/// <summary>One real portal per test class: starting one costs seconds, a `cps` run a fraction of one.</summary>
public sealed class PortalFixture : IAsyncLifetime
{
    private PortalProcess? _portal;

    public string Url => (_portal ?? throw new InvalidOperationException("The portal has not started.")).Url;

    public async Task InitializeAsync() => _portal = await PortalProcess.StartAsync();

    public async Task DisposeAsync()
    {
        if (_portal is not null)
            await _portal.DisposeAsync();
    }

    /// <summary>Names unique to one test, since the tests of a class share the portal and its admin account.</summary>
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";
}
