using ConPaaS.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace ConPaaS.Infrastructure.Clouds.Stored;

/// <summary>Reads the stored clouds from the portal's database (synchronously: the registry asks once, on first use).</summary>
internal sealed class StoredCloudSource(IDbContextFactory<PortalDbContext> dbFactory, StoredCloudSecrets secrets) : IStoredCloudSource
{
    public IReadOnlyList<CloudOptions> Load()
    {
        using var db = dbFactory.CreateDbContext();
        return db.Set<StoredCloud>().AsNoTracking().OrderBy(c => c.Name).ToList().Select(secrets.Join).ToList();
    }
}
