using ConPaaS.Domain.Operations;
using ConPaaS.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace ConPaaS.Infrastructure.Manifests;

/// <summary>Waits until a service's operation (start, add nodes, load a dump) has ended, and says why it failed if it did.</summary>
public sealed class ServiceWaiter(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
{
    public static readonly TimeSpan Limit = TimeSpan.FromMinutes(30);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);

    /// <exception cref="DeploymentStepException">The operation failed, or the service ended in Error.</exception>
    public async Task WaitIdleAsync(int serviceId, int? operationId, CancellationToken ct)
    {
        var deadline = clock.GetUtcNow() + Limit;
        while (true)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var service = await db.Services.AsNoTracking().SingleAsync(s => s.Id == serviceId, ct);
            if (service.ActiveOperationId is null)
            {
                var operation = operationId is { } id ? await db.Operations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == id, ct) : null;
                if (operation is { Status: OperationStatus.Failed })
                    throw new DeploymentStepException(operation.Error ?? $"{operation.Describe()} failed.");
                if (service.State == Domain.Services.ServiceState.Error)
                    throw new DeploymentStepException(service.StateReason ?? "The service is in Error.");
                return;
            }
            if (clock.GetUtcNow() > deadline)
                throw new DeploymentStepException($"The service was still busy after {Limit.TotalMinutes:0} minutes.");
            await Task.Delay(Poll, clock, ct);
        }
    }
}

/// <summary>A step of a deployment that did not succeed; the message is for the user.</summary>
public sealed class DeploymentStepException(string message) : Exception(message);
