using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using ConPaaS.Portal.Tests.Support;

namespace ConPaaS.Portal.Tests.TaskFarm;

/// <summary>
/// The local cloud with two instance types that differ in slots (tasks at once), a short task timeout, and two
/// machines per type at most. The farm's log lines are kept (<see cref="Log"/>) for the tests' failure messages.
/// </summary>
public sealed class TwoTypeFarmPortal : LocalCloudPortal
{
    public PortalLog Log { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(Log));
        builder.UseSetting("ConPaaS:Clouds:0:InstanceTypes:0:Name", "small");
        builder.UseSetting("ConPaaS:Clouds:0:InstanceTypes:0:PricePerHour", "0.05");
        builder.UseSetting("ConPaaS:Clouds:0:InstanceTypes:0:Slots", "1");
        builder.UseSetting("ConPaaS:Clouds:0:InstanceTypes:1:Name", "large");
        builder.UseSetting("ConPaaS:Clouds:0:InstanceTypes:1:PricePerHour", "0.2");
        builder.UseSetting("ConPaaS:Clouds:0:InstanceTypes:1:Slots", "4");
        builder.UseSetting("ConPaaS:TaskFarm:TaskTimeoutSeconds", "3");
        builder.UseSetting("ConPaaS:TaskFarm:MaxMachinesPerType", "2");
    }
}
