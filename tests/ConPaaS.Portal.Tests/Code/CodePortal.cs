using ConPaaS.Infrastructure.Code;
using ConPaaS.Portal.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ConPaaS.Portal.Tests.Code;

/// <summary>
/// A portal on a real loopback port (Kestrel, not the in-memory test server) so that the real git client can push
/// to it; a small upload limit so that "too large" costs kilobytes; and a push listener the tests can watch.
/// </summary>
public sealed class CodePortal : PortalFactory
{
    public const long UploadLimit = 64 * 1024;

    public CodePortal()
    {
        UseKestrel(0);
        StartServer();
        Url = ClientOptions.BaseAddress.ToString().TrimEnd('/');
    }

    /// <summary>The portal's address, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string Url { get; }

    public RecordingPushListener Pushes { get; } = new();

    public string RepositoryPath(int serviceId) => Path.Combine(DataDirectory, "repos", $"{serviceId}.git");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("ConPaaS:Limits:MaxCodeUploadBytes", UploadLimit.ToString());
        // Room for one user's six uploads at once, which test the repository's writer lock (the per-user limit has tests of its own).
        builder.UseSetting("ConPaaS:Limits:ConcurrentUploadsPerUser", "8");
        builder.ConfigureServices(services => services.AddSingleton<ICodePushListener>(Pushes));
    }
}
