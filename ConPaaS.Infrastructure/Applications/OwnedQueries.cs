using ConPaaS.Domain.Access;
using ConPaaS.Domain.Applications;
using ConPaaS.Domain.Errors;
using ConPaaS.Domain.Services;
using ConPaaS.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace ConPaaS.Infrastructure.Applications;

/// <summary>
/// The only way commands read applications and services: every query is filtered by the caller, so a
/// user can never reach another user's ids, and a foreign id looks exactly like a missing one.
/// </summary>
internal static class OwnedQueries
{
    public static IQueryable<Application> VisibleTo(this IQueryable<Application> applications, Caller caller) =>
        caller.IsAdmin ? applications : applications.Where(a => a.OwnerId == caller.UserId);

    public static async Task<Application> GetOwnedApplicationAsync(this PortalDbContext db, Caller caller, int id, CancellationToken ct) =>
        await db.Applications.Include(a => a.Services).VisibleTo(caller).SingleOrDefaultAsync(a => a.Id == id, ct)
        ?? throw new NotFoundException("Application", id);

    public static async Task<(Service Service, Application Application)> GetOwnedServiceAsync(
        this PortalDbContext db, Caller caller, int id, CancellationToken ct)
    {
        var service = await db.Services.SingleOrDefaultAsync(s => s.Id == id, ct) ?? throw new NotFoundException("Service", id);
        var application = await db.Applications.VisibleTo(caller).SingleOrDefaultAsync(a => a.Id == service.ApplicationId, ct)
            ?? throw new NotFoundException("Service", id);
        return (service, application);
    }

    public static async Task<string> OwnerNameAsync(this PortalDbContext db, string ownerId, CancellationToken ct) =>
        await db.Users.Where(u => u.Id == ownerId).Select(u => u.UserName).SingleOrDefaultAsync(ct) ?? "";
}
