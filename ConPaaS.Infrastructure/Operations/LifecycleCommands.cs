using ConPaaS.Domain.Access;
using ConPaaS.Domain.Contracts;
using ConPaaS.Domain.Errors;
using ConPaaS.Domain.Nodes;
using ConPaaS.Domain.Operations;
using ConPaaS.Domain.Services;
using ConPaaS.Infrastructure.Applications;
using ConPaaS.Infrastructure.Clouds;
using ConPaaS.Infrastructure.Data;
using ConPaaS.Infrastructure.Events;
using ConPaaS.Infrastructure.Managers;
using ConPaaS.Infrastructure.Options;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ConPaaS.Infrastructure.Operations;

/// <summary>
/// The seed's manager operations as commands: each checks who asks and whether the service may change now,
/// records the intent as an <see cref="Operation"/>, sets the service's transitional state, and queues the
/// work. The UI, the API and the CLI all come through here.
/// </summary>
public sealed class LifecycleCommands(
    IDbContextFactory<PortalDbContext> dbFactory,
    PortalEvents events,
    TimeProvider clock,
    CloudRegistry clouds,
    ManagerRegistry managers,
    IOperationQueue queue,
    IOptions<ConPaaSOptions> options,
    IServiceProvider services)
{
    public const int MaxNodesPerRequest = 20;

    private Services.Php.IVersionArchives VersionArchives() => services.GetRequiredService<Services.Php.IVersionArchives>();

    // Credit is checked first: a start or new nodes would be charged to an owner who has none left.
    private Credits.CreditCommands Credit() => services.GetRequiredService<Credits.CreditCommands>();

    public async Task<ServiceDto> StartAsync(Caller caller, int serviceId, string? cloud, CancellationToken ct = default)
    {
        await Credit().EnsureCanSpendAsync(caller, serviceId, ct);
        return await BeginAsync(caller, serviceId, ct, service =>
        {
            if (service.State is not (ServiceState.Init or ServiceState.Stopped))
                throw new ConflictException($"Service '{service.Name}' is {service.State}; only a new or stopped service can be started.");
            return (new Operation(service.Id, OperationKind.Start, null, 0, CloudName(cloud), null, clock.GetUtcNow()), ServiceState.Prologue);
        });
    }

    public Task<ServiceDto> StopAsync(Caller caller, int serviceId, CancellationToken ct = default) =>
        BeginAsync(caller, serviceId, ct, service =>
        {
            if (service.State is not (ServiceState.Running or ServiceState.Error))
                throw new ConflictException($"Service '{service.Name}' is {service.State}; only a running or failed service can be stopped.");
            return (new Operation(service.Id, OperationKind.Stop, null, 0, null, null, clock.GetUtcNow()), ServiceState.Epilogue);
        });

    public async Task<ServiceDto> AddNodesAsync(Caller caller, int serviceId, AddNodesRequest request, CancellationToken ct = default)
    {
        await Credit().EnsureCanSpendAsync(caller, serviceId, ct);
        return await BeginAsync(caller, serviceId, ct, service =>
        {
            EnsureAdaptable(service, "add nodes to");
            ServiceTypeCatalog.EnsureRole(ServiceTypeCatalog.Get(service.Type, includeHidden: true), request.Role);
            if (request.Count is < 1 or > MaxNodesPerRequest)
                throw new InvalidInputException("count", $"Add between 1 and {MaxNodesPerRequest} nodes at a time (asked: {request.Count}).");
            var cloud = CloudName(request.Cloud) ?? service.Cloud;
            return (new Operation(service.Id, OperationKind.AddNodes, request.Role, request.Count, cloud, null, clock.GetUtcNow()), ServiceState.Adapting);
        });
    }

    public Task<ServiceDto> RemoveNodesAsync(Caller caller, int serviceId, string? role, int count, CancellationToken ct = default) =>
        BeginAsync(caller, serviceId, ct, (service, nodes) =>
        {
            EnsureAdaptable(service, "remove nodes from");
            ServiceTypeCatalog.EnsureRole(ServiceTypeCatalog.Get(service.Type, includeHidden: true), role);
            var withRole = nodes.Count(n => n.HasRole(role!));
            if (count < 1 || count > withRole)
                throw new InvalidInputException("count", $"Service '{service.Name}' has {withRole} {role} node(s); cannot remove {count}.");
            var leaving = nodes.Where(n => n.HasRole(role!)).OrderByDescending(n => n.Id).Take(count).ToList();
            managers.For(service.Type).EnsureRemovable(nodes, leaving);
            return (new Operation(service.Id, OperationKind.RemoveNodes, role, count, null, null, clock.GetUtcNow()), ServiceState.Adapting);
        });

    public Task<ServiceDto> RemoveNodeAsync(Caller caller, int serviceId, int nodeId, CancellationToken ct = default) =>
        BeginAsync(caller, serviceId, ct, (service, nodes) =>
        {
            EnsureAdaptable(service, "remove nodes from");
            var node = nodes.SingleOrDefault(n => n.Id == nodeId) ?? throw new NotFoundException("Node", nodeId);
            managers.For(service.Type).EnsureRemovable(nodes, [node]);
            return (new Operation(service.Id, OperationKind.RemoveNodes, null, 1, null, nodeId, clock.GetUtcNow()), ServiceState.Adapting);
        });

    public async Task<ServiceDto> SetStartupScriptAsync(Caller caller, int serviceId, string? script, CancellationToken ct = default)
    {
        var limit = options.Value.Limits.MaxStartupScriptBytes;
        if (script is not null && System.Text.Encoding.UTF8.GetByteCount(script) > limit)
            throw new InvalidInputException("startupScript", $"A startup script may have at most {limit / 1024} KiB.");
        return await UpdateAsync(caller, serviceId, service => service.SetStartupScript(script), ct);
    }

    /// <summary>
    /// Makes a code version the one the service serves: on a running service a rolling, graceful switch of
    /// every node; on a stopped one it is simply what the next start serves.
    /// </summary>
    public async Task<ServiceDto> ActivateVersionAsync(Caller caller, int serviceId, string? version, CancellationToken ct = default)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var (service, _) = await db.GetOwnedServiceAsync(caller, serviceId, ct);
            if (!DtoMapping.HasCode(service))
                throw new InvalidInputException("version", $"A {service.Type} service has no code versions.");
        }
        if (string.IsNullOrWhiteSpace(version) || !await VersionArchives().ExistsAsync(serviceId, version, ct))
            throw new NotFoundException("Code version", version ?? "");

        await using var check = await dbFactory.CreateDbContextAsync(ct);
        var (current, _) = await check.GetOwnedServiceAsync(caller, serviceId, ct);
        if (current.State is ServiceState.Init or ServiceState.Stopped)
            return await UpdateAsync(caller, serviceId, service => service.SetActiveCodeVersion(version), ct);
        return await BeginAsync(caller, serviceId, ct, service =>
        {
            EnsureAdaptable(service, "switch the code version of");
            return (Operation.Activate(service.Id, version, clock.GetUtcNow()), ServiceState.Adapting);
        });
    }

    public Task<ServiceDto> SetDeployOnPushAsync(Caller caller, int serviceId, bool enabled, CancellationToken ct = default) =>
        UpdateAsync(caller, serviceId, service => service.SetDeployOnPush(enabled), ct);

    public Task<ServiceDto> SetAutoReplaceAsync(Caller caller, int serviceId, bool enabled, CancellationToken ct = default) =>
        UpdateAsync(caller, serviceId, service => service.SetAutoReplaceFailedNodes(enabled), ct);

    public async Task<string?> GetStartupScriptAsync(Caller caller, int serviceId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (service, _) = await db.GetOwnedServiceAsync(caller, serviceId, ct);
        return service.StartupScript;
    }

    public async Task<IReadOnlyList<NodeDto>> ListNodesAsync(Caller caller, int serviceId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.GetOwnedServiceAsync(caller, serviceId, ct);
        var nodes = await db.Nodes.Where(n => n.ServiceId == serviceId && n.State != NodeState.Terminated).OrderBy(n => n.Id).ToListAsync(ct);
        return nodes.Select(n => n.ToDto()).ToList();
    }

    /// <summary>
    /// Begins an operation that only the service's type has (mysql's load_dump), carried out by its manager on a
    /// running service; the service is Adapting meanwhile, so no other change overlaps it.
    /// </summary>
    public Task<ServiceDto> BeginOwnOperationAsync(Caller caller, int serviceId, Func<Service, Operation> plan, CancellationToken ct = default) =>
        BeginAsync(caller, serviceId, ct, service =>
        {
            if (service.State != ServiceState.Running)
                throw new ConflictException($"Service '{service.Name}' is {service.State}; start it first.");
            return (plan(service), ServiceState.Adapting);
        });

    /// <summary>The service's history (the original's <c>get_service_history</c> and manager log): its operations, newest first.</summary>
    public async Task<IReadOnlyList<OperationDto>> ListOperationsAsync(Caller caller, int serviceId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.GetOwnedServiceAsync(caller, serviceId, ct);
        var operations = await db.Operations.Where(o => o.ServiceId == serviceId).OrderByDescending(o => o.Id).Take(100).ToListAsync(ct);
        return operations.Select(o => o.ToDto()).ToList();
    }

    private async Task<ServiceDto> BeginAsync(Caller caller, int serviceId, CancellationToken ct, Func<Service, (Operation, ServiceState)> plan) =>
        await BeginAsync(caller, serviceId, ct, (service, _) => plan(service));

    private async Task<ServiceDto> BeginAsync(
        Caller caller, int serviceId, CancellationToken ct, Func<Service, IReadOnlyList<Node>, (Operation, ServiceState)> plan)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (service, application) = await db.GetOwnedServiceAsync(caller, serviceId, ct);
        if (service.ActiveOperationId is not null)
            throw new ConflictException($"Service '{service.Name}' is {service.State}: another change is in progress; wait until it ends.");
        var liveNodes = await db.Nodes.Where(n => n.ServiceId == serviceId && n.State != NodeState.Terminated).ToListAsync(ct);
        var (operation, next) = plan(service, liveNodes);

        // Two saves in one transaction: the operation needs its id before the service can point at it, and
        // the service's concurrency stamp makes a second, simultaneous request fail instead of running twice.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Operations.Add(operation);
        await db.SaveChangesAsync(ct);
        service.BeginOperation(operation.Id, next, operation.Kind == OperationKind.Start ? operation.Cloud ?? clouds.Default.Name : null, clock.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException($"Service '{service.Name}' changed meanwhile; another change is in progress.");
        }
        await transaction.CommitAsync(ct);

        queue.Enqueue(operation.Id);
        events.Publish(new ServiceChanged(application.OwnerId, application.Id, service.Id));
        return service.ToDto(operation);
    }

    private async Task<ServiceDto> UpdateAsync(Caller caller, int serviceId, Action<Service> change, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (service, application) = await db.GetOwnedServiceAsync(caller, serviceId, ct);
        change(service);
        await db.SaveChangesAsync(ct);
        events.Publish(new ServiceChanged(application.OwnerId, application.Id, service.Id));
        return service.ToDto();
    }

    private static void EnsureAdaptable(Service service, string what)
    {
        if (service.State is not (ServiceState.Running or ServiceState.Error))
            throw new ConflictException($"Service '{service.Name}' is {service.State}; you can {what} a running service only.");
    }

    private string? CloudName(string? cloud)
    {
        if (string.IsNullOrWhiteSpace(cloud))
            return null;
        try
        {
            return clouds.Get(cloud.Trim()).Name;
        }
        catch (CloudException)
        {
            throw new InvalidInputException("cloud",
                $"There is no cloud named '{cloud}'. Configured clouds: {string.Join(", ", clouds.All.Select(c => c.Name))}.");
        }
    }
}
