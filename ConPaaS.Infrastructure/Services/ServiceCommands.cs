using ConPaaS.Domain;
using ConPaaS.Domain.Access;
using ConPaaS.Domain.Contracts;
using ConPaaS.Domain.Errors;
using ConPaaS.Domain.Services;
using ConPaaS.Infrastructure.Applications;
using ConPaaS.Infrastructure.Data;
using ConPaaS.Infrastructure.Events;
using ConPaaS.Domain.Nodes;
using ConPaaS.Infrastructure.Accounts;
using ConPaaS.Infrastructure.Managers;
using ConPaaS.Infrastructure.Services.MySql;
using ConPaaS.Infrastructure.Options;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ConPaaS.Infrastructure.Services;

/// <summary>Creating, renaming, listing and deleting services; the lifecycle (start, stop, nodes) comes with the managers.</summary>
public sealed class ServiceCommands(
    IDbContextFactory<PortalDbContext> dbFactory, PortalEvents events, TimeProvider clock, IOptions<ConPaaSOptions> options,
    ManagerRegistry managers, ServiceSecrets secrets)
{
    public async Task<IReadOnlyList<ServiceDto>> ListAsync(Caller caller, int? applicationId = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var visible = db.Applications.VisibleTo(caller).Select(a => a.Id);
        var query = db.Services.Where(s => visible.Contains(s.ApplicationId));
        if (applicationId is { } appId)
        {
            await db.GetOwnedApplicationAsync(caller, appId, ct);
            query = query.Where(s => s.ApplicationId == appId);
        }
        var services = await query.OrderBy(s => s.Id).ToListAsync(ct);
        var operationIds = services.Where(s => s.ActiveOperationId is not null).Select(s => s.ActiveOperationId!.Value).ToList();
        var operations = await db.Operations.Where(o => operationIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        var serviceIds = services.Select(s => s.Id).ToList();
        var live = (await db.Nodes.Where(n => serviceIds.Contains(n.ServiceId) && (n.State == NodeState.Running || n.State == NodeState.Failed)).ToListAsync(ct))
            .ToLookup(n => n.ServiceId);
        return services.Select(s =>
        {
            var nodes = live[s.Id].ToList();
            var running = nodes.Where(n => n.State == NodeState.Running).ToList();
            var dto = WithAccess(s.ToDto(s.ActiveOperationId is { } id ? operations.GetValueOrDefault(id) : null, managers.For(s.Type).PublicUrl(running)), s, running);
            return managers.WithHealth(dto, s, nodes);
        }).ToList();
    }

    public async Task<ServiceDto> GetAsync(Caller caller, int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (service, _) = await db.GetOwnedServiceAsync(caller, id, ct);
        var operation = service.ActiveOperationId is { } operationId ? await db.Operations.FindAsync([operationId], ct) : null;
        var live = await db.Nodes.Where(n => n.ServiceId == id && (n.State == NodeState.Running || n.State == NodeState.Failed)).ToListAsync(ct);
        var nodes = live.Where(n => n.State == NodeState.Running).ToList();
        return managers.WithHealth(WithAccess(service.ToDto(operation, managers.For(service.Type).PublicUrl(nodes)), service, nodes), service, live);
    }

    public async Task<ServiceDto> CreateAsync(Caller caller, CreateServiceRequest request, CancellationToken ct = default)
    {
        var type = ServiceTypeCatalog.Get(request.Type, includeHidden: options.Value.Features.SelfTestService);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var application = await db.GetOwnedApplicationAsync(caller, request.ApplicationId, ct);
        var name = string.IsNullOrWhiteSpace(request.Name)
            ? FreeDefaultName(application.Services.Select(s => s.Name), type)
            : Names.Validate(request.Name, "name");
        EnsureNameFree(application.Services, name, exceptId: null);

        var service = new Service(application.Id, type, name, clock.GetUtcNow());
        string? generated = null;
        if (type.Key == "mysql")
        {
            // The administrator password is chosen at creation, or generated and shown this once.
            if (request.Password is null)
                generated = SecretGenerator.Password(16).Replace("-", "");
            else
                MySqlPasswords.Validate(request.Password, null);
            secrets.Set(service, MySqlPasswords.AdminSecret, request.Password ?? generated!);
        }
        db.Services.Add(service);
        await db.SaveUniqueAsync(NameTaken(name), ct);
        events.Publish(new ServiceChanged(application.OwnerId, application.Id, service.Id));
        return service.ToDto() with { GeneratedPassword = generated };
    }

    public async Task<ServiceDto> RenameAsync(Caller caller, int id, string? name, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (service, application) = await db.GetOwnedServiceAsync(caller, id, ct);
        var newName = Names.Validate(name, "name");
        var siblings = await db.Services.Where(s => s.ApplicationId == application.Id).ToListAsync(ct);
        EnsureNameFree(siblings, newName, exceptId: id);
        service.Rename(newName);
        await db.SaveUniqueAsync(NameTaken(newName), ct);
        events.Publish(new ServiceChanged(application.OwnerId, application.Id, service.Id));
        return service.ToDto();
    }

    public async Task DeleteAsync(Caller caller, int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (service, application) = await db.GetOwnedServiceAsync(caller, id, ct);
        service.EnsureDeletable();
        db.Services.Remove(service);
        await db.SaveChangesAsync(ct);
        ServiceFiles.Delete(options.Value, service.Id);
        events.Publish(new ServiceChanged(application.OwnerId, application.Id, service.Id));
    }

    private ServiceDto WithAccess(ServiceDto dto, Service service, IReadOnlyList<Node> nodes) =>
        dto with { Access = managers.For(service.Type).Access(nodes) };

    private static string FreeDefaultName(IEnumerable<string> taken, ServiceType type)
    {
        var names = taken.ToHashSet(StringComparer.Ordinal);
        var baseName = $"New {type.Key} service";
        if (!names.Contains(baseName))
            return baseName;
        // As the original did for taken application names: " (2)", " (3)", …
        return Enumerable.Range(2, int.MaxValue - 2).Select(i => $"{baseName} ({i})").First(n => !names.Contains(n));
    }

    private static void EnsureNameFree(IEnumerable<Service> siblings, string name, int? exceptId)
    {
        if (siblings.Any(s => s.Name == name && s.Id != exceptId))
            throw new ConflictException(NameTaken(name));
    }

    private static string NameTaken(string name) => $"This application already has a service named '{name}'.";
}
