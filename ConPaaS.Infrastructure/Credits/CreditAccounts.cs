using ConPaaS.Domain.Credits;
using ConPaaS.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace ConPaaS.Infrastructure.Credits;

/// <summary>
/// Accounts open on first use with the default balance, whoever the user is and however they were created
/// (registration, the first admin, an admin tool): there is no account row to forget.
/// </summary>
internal static class CreditAccounts
{
    public static async Task<CreditAccount> GetOrOpenAsync(this PortalDbContext db, string userId, decimal defaultBalance, DateTimeOffset now, CancellationToken ct)
    {
        if (await db.Set<CreditAccount>().SingleOrDefaultAsync(a => a.UserId == userId, ct) is { } existing)
            return existing;
        var (account, opening) = CreditAccount.Open(userId, defaultBalance, now);
        db.Add(account);
        db.Add(opening);
        try
        {
            await db.SaveChangesAsync(ct);
            return account;
        }
        catch (DbUpdateException)
        {
            // Opened meanwhile by another request or the charger: theirs stands.
            db.Entry(account).State = EntityState.Detached;
            db.Entry(opening).State = EntityState.Detached;
            return await db.Set<CreditAccount>().SingleAsync(a => a.UserId == userId, ct);
        }
    }
}
