using System.Runtime.CompilerServices;
using ConPaaS.EndToEnd.Tests.Support;

namespace ConPaaS.Cli.Tests.Support;

/// <summary>
/// A real portal for the manifest verbs: the repository's templates, real nginx and php-fpm, and the local cloud
/// on 127.0.207.0/24 (the other node fixtures share 127.0.205.0/24).
/// </summary>
public sealed class ManifestPortalFixture : IAsyncLifetime
{
    private PortalProcess? _portal;

    public string Url => (_portal ?? throw new InvalidOperationException("The portal has not started.")).Url;

    public async Task InitializeAsync() => _portal = await PortalProcess.StartAsync(new Dictionary<string, string>
    {
        ["ConPaaS__Clouds__0__Name"] = "local",
        ["ConPaaS__Clouds__0__Driver"] = "local",
        ["ConPaaS__Clouds__0__IsDefault"] = "true",
        ["ConPaaS__Clouds__0__InstanceTypes__0__Name"] = "small",
        ["ConPaaS__Clouds__0__InstanceTypes__0__PricePerHour"] = "0.05",
        ["ConPaaS__Clouds__0__Local__AddressRangeStart"] = "10.0.207.2",
        ["ConPaaS__Clouds__0__Local__AddressRangeEnd"] = "10.0.207.254",
        ["ConPaaS__Manifests__TemplatesDirectory"] = TemplatesDirectory(),
    });

    public async Task DisposeAsync()
    {
        if (_portal is not null)
            await _portal.DisposeAsync();
    }

    private static string TemplatesDirectory([CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", "..", "manifests"));
}
