using System.Net;
using System.Net.Http.Json;
using ConPaaS.Domain.Contracts;
using ConPaaS.Portal.Tests.Support;
using Microsoft.AspNetCore.Hosting;

namespace ConPaaS.Portal.Tests.Credits;

/// <summary>
/// Real agents on the local cloud are charged as they run, and a user whose credit is used up has their running
/// services stopped once the grace period (2 s here) is over.
/// </summary>
public sealed class OutOfCreditStopTests(CreditPortal portal) : IClassFixture<CreditPortal>
{
    [Fact]
    public async Task Running_nodes_are_charged_and_at_zero_credit_the_running_service_is_stopped_after_the_grace_period()
    {
        var admin = await ApiUser.SignUpAsync(portal, "oc-admin", admin: true);
        var user = await ApiUser.SignUpAsync(portal, "oc-user");
        var app = await user.CreateApplicationAsync("metered");
        var service = await user.CreateServiceAsync(app.Id, "test", "metered");
        var start = await user.Http.PostAsJsonAsync($"/api/v1/services/{service.Id}/start", new StartServiceRequest(null));
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        await user.WaitForStateAsync(service.Id, "Running");
        var node = Assert.Single(await user.NodesAsync(service.Id));

        // The first hour of the node is charged at the local cloud's price of its type (0.05 for small).
        var charged = await ServiceWaits.EventuallyAsync(() => user.Http.GetFromJsonAsync<CreditDto>("/api/v1/credit")!,
            c => c!.History.Any(e => e.Kind == "Charge"), 30, "the node's first hour is charged");
        var charge = Assert.Single(charged!.History, e => e.Kind == "Charge");
        Assert.Equal((node.Id, 0, -0.05m, "metered"), (charge.NodeId!.Value, charge.HourIndex!.Value, charge.Amount, charge.ServiceName));
        Assert.Equal((49.95m, 0.05m), (charged.Balance, charged.HourlyBurn));

        (await admin.Http.PutAsJsonAsync("/api/v1/users/oc-user/credit", new SetCreditRequest(0m))).EnsureSuccessStatusCode();

        var stopped = await user.WaitForStateAsync(service.Id, "Stopped", seconds: 60);
        Assert.Empty(await user.NodesAsync(service.Id));
        var credit = await user.Http.GetFromJsonAsync<CreditDto>("/api/v1/credit");
        Assert.NotNull(credit!.OutOfCreditSince);
        Assert.Contains(credit.History, e => e.Kind == "Warning" && e.Note!.Contains("stop at"));
        Assert.Contains(credit.History, e => e.Kind == "ServiceStopped" && e.ServiceId == service.Id);
        Assert.Equal(0m, credit.HourlyBurn);
        Assert.Equal("Stopped", stopped.State);

        var again = await user.Http.PostAsJsonAsync($"/api/v1/services/{service.Id}/start", new StartServiceRequest(null));
        await again.AssertProblemAsync(HttpStatusCode.PaymentRequired, "balance is 0.00");
    }
}

/// <summary>The local-cloud portal with a charger that runs every second and a grace period of two seconds.</summary>
public sealed class CreditPortal : LocalCloudPortal
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("ConPaaS:Credits:ChargeInterval", "00:00:01");
        builder.UseSetting("ConPaaS:Credits:GracePeriod", "00:00:02");
    }
}
