using ConPaaS.Domain;
using ConPaaS.Domain.Access;
using ConPaaS.Domain.Applications;
using ConPaaS.Domain.Contracts;
using ConPaaS.Domain.Errors;
using ConPaaS.Infrastructure.Data;
using ConPaaS.Infrastructure.Events;
using ConPaaS.Infrastructure.Managers;
using ConPaaS.Domain.Nodes;
using ConPaaS.Infrastructure.Options;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ConPaaS.Infrastructure.Applications;

/// <summary>Everything the UI, the API and the CLI can do to applications; no other code changes them.</summary>
public sealed class ApplicationCommands(
    IDbContextFactory<PortalDbContext> dbFactory, PortalEvents events, TimeProvider clock, IOptions<ConPaaSOptions> options, ManagerRegistry managers)
{
    public async Task<IReadOnlyList<ApplicationDto>> ListAsync(Caller caller, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var applications = await db.Applications.Include(a => a.Services).VisibleTo(caller).OrderBy(a => a.Id).ToListAsync(ct);
        var ownerIds = applications.Select(a => a.OwnerId).Distinct().ToList();
        var owners = await db.Users.Where(u => ownerIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.UserName ?? "", ct);
        return await WithHealthAsync(db, applications, a => owners.GetValueOrDefault(a.OwnerId, ""), ct);
    }

    /// <summary>The applications as the dashboard shows them, each service's health beside its state (one query for every live node).</summary>
    private async Task<List<ApplicationDto>> WithHealthAsync(PortalDbContext db, IReadOnlyList<Application> applications, Func<Application, string> ownerName, CancellationToken ct)
    {
        var serviceIds = applications.SelectMany(a => a.Services).Select(s => s.Id).ToList();
        var live = (await db.Nodes.Where(n => serviceIds.Contains(n.ServiceId) && (n.State == NodeState.Running || n.State == NodeState.Failed))
            .ToListAsync(ct)).ToLookup(n => n.ServiceId);
        return applications.Select(a =>
        {
            var dto = a.ToDto(ownerName(a));
            var services = a.Services.ToDictionary(s => s.Id);
            return dto with { Services = dto.Services.Select(s => managers.WithHealth(s, services[s.Id], live[s.Id].ToList())).ToList() };
        }).ToList();
    }

    public async Task<ApplicationDto> GetAsync(Caller caller, int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var application = await db.GetOwnedApplicationAsync(caller, id, ct);
        var owner = await db.OwnerNameAsync(application.OwnerId, ct);
        return (await WithHealthAsync(db, [application], _ => owner, ct)).Single();
    }

    public async Task<ApplicationDto> CreateAsync(Caller caller, string? name, CancellationToken ct = default)
    {
        var application = new Application(caller.UserId, name ?? "", clock.GetUtcNow());
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await EnsureNameFreeAsync(db, caller.UserId, application.Name, exceptId: null, ct);
        db.Applications.Add(application);
        await db.SaveUniqueAsync($"You already have an application named '{application.Name}'.", ct);
        events.Publish(new ApplicationChanged(application.OwnerId, application.Id));
        return application.ToDto(await db.OwnerNameAsync(application.OwnerId, ct));
    }

    public async Task<ApplicationDto> RenameAsync(Caller caller, int id, string? name, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var application = await db.GetOwnedApplicationAsync(caller, id, ct);
        var newName = Names.Validate(name, "name");
        await EnsureNameFreeAsync(db, application.OwnerId, newName, exceptId: id, ct);
        application.Rename(newName);
        await db.SaveUniqueAsync($"You already have an application named '{newName}'.", ct);
        events.Publish(new ApplicationChanged(application.OwnerId, application.Id));
        return application.ToDto(await db.OwnerNameAsync(application.OwnerId, ct));
    }

    /// <summary>Deletes the application with its services, which must all be stopped (they hold no nodes).</summary>
    public async Task DeleteAsync(Caller caller, int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var application = await db.GetOwnedApplicationAsync(caller, id, ct);
        var busy = application.Services.Where(s => !s.IsDeletable).ToList();
        if (busy.Count > 0)
            throw new ConflictException(
                $"Application '{application.Name}' still has services that are not stopped: {string.Join(", ", busy.Select(s => $"'{s.Name}' ({s.State})"))}. Stop them first.");
        db.Services.RemoveRange(application.Services);
        db.Applications.Remove(application);
        await db.SaveChangesAsync(ct);
        foreach (var service in application.Services)
            Services.ServiceFiles.Delete(options.Value, service.Id);
        events.Publish(new ApplicationChanged(application.OwnerId, application.Id));
    }

    private static async Task EnsureNameFreeAsync(PortalDbContext db, string ownerId, string name, int? exceptId, CancellationToken ct)
    {
        if (await db.Applications.AnyAsync(a => a.OwnerId == ownerId && a.Name == name && a.Id != exceptId, ct))
            throw new ConflictException($"You already have an application named '{name}'.");
    }
}
