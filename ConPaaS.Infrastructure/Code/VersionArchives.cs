using ConPaaS.Domain.Errors;
using ConPaaS.Infrastructure.Data;
using ConPaaS.Infrastructure.Services.Php;
using Microsoft.EntityFrameworkCore;

namespace ConPaaS.Infrastructure.Code;

/// <summary>The php manager's view of the repositories: versions by service id, for services it already holds.</summary>
internal sealed class VersionArchives(IDbContextFactory<PortalDbContext> dbFactory, CodeRepositories repositories) : IVersionArchives
{
    public async Task<bool> ExistsAsync(int serviceId, string version, CancellationToken cancellationToken) =>
        await repositories.FindAsync(await ServiceAsync(serviceId, cancellationToken), version, cancellationToken) is not null;

    public async Task WriteZipAsync(int serviceId, string version, Stream destination, CancellationToken cancellationToken) =>
        await repositories.WriteZipAsync(await ServiceAsync(serviceId, cancellationToken), version, destination, cancellationToken);

    private async Task<Domain.Services.Service> ServiceAsync(int serviceId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Services.AsNoTracking().SingleOrDefaultAsync(s => s.Id == serviceId, ct)
               ?? throw new NotFoundException("Service", serviceId);
    }
}
