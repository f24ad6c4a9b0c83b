using ConPaaS.Portal.Tests.Support;
using Microsoft.AspNetCore.Hosting;

namespace ConPaaS.Portal.Tests.Code;

/// <summary>A portal with the shipped upload limits spelled out: 100 MiB archives (1000 MiB unpacked), two uploads at once per user.</summary>
public sealed class UploadLimitsPortal : PortalFactory
{
    public const long UploadLimit = 100L * 1024 * 1024;
    public const int ConcurrentUploadsPerUser = 2;

    public string RepositoryPath(int serviceId) => Path.Combine(DataDirectory, "repos", $"{serviceId}.git");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("ConPaaS:Limits:MaxCodeUploadBytes", UploadLimit.ToString());
        builder.UseSetting("ConPaaS:Limits:ConcurrentUploadsPerUser", ConcurrentUploadsPerUser.ToString());
    }
}
