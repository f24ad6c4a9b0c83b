using ConPaaS.Domain.Operations;
using ConPaaS.Domain.Services;
using ConPaaS.Infrastructure.Data;
using ConPaaS.Portal.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ConPaaS.Portal.Tests.Lifecycle;

/// <summary>An operation whose runner died (its lease lapsed, its job lost) does not leave its service busy for ever.</summary>
public sealed class OrphanedOperationTests(LocalCloudFixture portal) : IClassFixture<LocalCloudFixture>
{
    [Fact]
    public async Task An_operation_whose_runner_died_is_resumed_within_a_minute_without_a_restart()
    {
        var user = await ApiUser.SignUpAsync(portal, "orphan");
        var app = await user.CreateApplicationAsync("orphaned");
        var created = await user.CreateServiceAsync(app.Id, "test");

        // A start whose runner died: leased by a runner that is gone, the lease long lapsed, no job queued.
        await using (var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            var now = DateTimeOffset.UtcNow;
            var operation = new Operation(created.Id, OperationKind.Start, null, 0, null, null, now.AddMinutes(-3));
            operation.TryLease(Guid.NewGuid(), now.AddMinutes(-3), TimeSpan.FromSeconds(30));
            db.Operations.Add(operation);
            await db.SaveChangesAsync();
            var service = await db.Services.SingleAsync(s => s.Id == created.Id);
            service.BeginOperation(operation.Id, ServiceState.Prologue, null, now.AddMinutes(-3));
            await db.SaveChangesAsync();
        }

        var resumed = await user.WaitForStateAsync(created.Id, "Running", 75);
        Assert.Null(resumed.ActiveOperation);
        Assert.Single(await user.NodesAsync(created.Id));

        await user.Http.PostAsync($"/api/v1/services/{created.Id}/stop", null);
        await user.WaitForStateAsync(created.Id, "Stopped");
    }
}
