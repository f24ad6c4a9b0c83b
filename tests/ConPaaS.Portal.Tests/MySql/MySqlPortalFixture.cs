using ConPaaS.Portal.Tests.Support;
using Microsoft.AspNetCore.Hosting;

namespace ConPaaS.Portal.Tests.MySql;

/// <summary>The local-cloud portal with a 1 MiB dump limit, so that "too large" costs a megabyte, not a gigabyte.</summary>
public sealed class MySqlPortalFixture : LocalCloudPortal
{
    public const long DumpLimit = 1024 * 1024;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("ConPaaS:Limits:MaxDumpUploadBytes", DumpLimit.ToString());
    }
}
