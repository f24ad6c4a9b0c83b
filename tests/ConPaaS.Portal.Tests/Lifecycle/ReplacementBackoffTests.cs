using System.Net.Http.Json;
using ConPaaS.Domain.Contracts;
using ConPaaS.Domain.Operations;
using ConPaaS.Infrastructure.Data;
using ConPaaS.Portal.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ConPaaS.Portal.Tests.Lifecycle;

/// <summary>
/// A replacement that keeps failing is not started again and again (each one a charged hour): the waits grow,
/// and past the hourly limit replacement pauses and the node says why.
/// </summary>
public sealed class ReplacementBackoffTests(FastBackoffPortal portal) : IClassFixture<FastBackoffPortal>
{
    [Fact]
    public async Task Replacements_that_keep_failing_back_off_then_pause_saying_why()
    {
        var user = await ApiUser.SignUpAsync(portal, "backoff");
        var app = await user.CreateApplicationAsync("flaky");
        var service = await user.CreateServiceAsync(app.Id, "test");
        await user.Http.PatchAsJsonAsync($"/api/v1/services/{service.Id}", new ServiceSettingsRequest(null, true));
        await user.Http.PostAsJsonAsync($"/api/v1/services/{service.Id}/start", new StartServiceRequest(null));
        await user.WaitForStateAsync(service.Id, "Running");

        // Every node dies as soon as it runs: the first, and each replacement.
        var killed = new List<int>();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while (DateTimeOffset.UtcNow < deadline && killed.Count < 3)
        {
            var running = (await user.NodesAsync(service.Id)).FirstOrDefault(n => n.State == "Running" && !killed.Contains(n.Id));
            if (running is not null)
            {
                LocalAgents.Kill(portal.DataDirectory, running.Id);
                killed.Add(running.Id);
            }
            await Task.Delay(200);
        }
        Assert.Equal(3, killed.Count);

        var paused = await ServiceWaits.EventuallyAsync(() => user.NodesAsync(service.Id),
            nodes => nodes.Any(n => n.State == "Failed" && n.StateReason?.Contains("Automatic replacement is paused", StringComparison.Ordinal) == true),
            30, "replacement pauses and says why");
        Assert.Contains("2 replacements began within the last hour", paused.Single(n => n.State == "Failed").StateReason);

        // Two replacements only, the second after the first one's wait; and none more while the test looks.
        await Task.Delay(TimeSpan.FromSeconds(5));
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var replacements = await db.Operations.Where(o => o.ServiceId == service.Id && o.Kind == OperationKind.ReplaceNode)
            .OrderBy(o => o.Id).Select(o => o.CreatedAt).ToListAsync();
        Assert.Equal(2, replacements.Count);
        Assert.True(replacements[1] - replacements[0] >= TimeSpan.FromSeconds(3), $"the second replacement began {replacements[1] - replacements[0]} after the first");
        Assert.DoesNotContain(await user.NodesAsync(service.Id), n => n.State is "Running" or "Starting" or "Provisioning");

        await user.Http.PostAsync($"/api/v1/services/{service.Id}/stop", null);
        await user.WaitForStateAsync(service.Id, "Stopped");
    }
}

/// <summary>The local-cloud portal with replacement waits of seconds instead of minutes.</summary>
public sealed class FastBackoffPortal : LocalCloudPortal
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("ConPaaS:Health:ReplacementFirstDelay", "00:00:03");
        builder.UseSetting("ConPaaS:Health:ReplacementsPerHour", "2");
    }
}
