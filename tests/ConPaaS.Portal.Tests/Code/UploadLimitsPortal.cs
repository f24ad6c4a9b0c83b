using ConPaaS.Portal.Tests.Support;
using Microsoft.AspNetCore.Hosting;

namespace ConPaaS.Portal.Tests.Code;

/// <summary>A portal with the shipped upload limit spelled out: 100 MiB archives (1000 MiB unpacked).</summary>
public sealed class UploadLimitsPortal : PortalFactory
{
    public const long UploadLimit = 100L * 1024 * 1024;

    public string RepositoryPath(int serviceId) => Path.Combine(DataDirectory, "repos", $"{serviceId}.git");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("ConPaaS:Limits:MaxCodeUploadBytes", UploadLimit.ToString());
    }
}
