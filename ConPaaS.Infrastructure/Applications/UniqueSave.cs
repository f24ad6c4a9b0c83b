using ConPaaS.Domain.Errors;
using Microsoft.EntityFrameworkCore;

namespace ConPaaS.Infrastructure.Applications;

internal static class UniqueSave
{
    /// <summary>
    /// Saves, turning a unique-index violation into a conflict. The commands check names first; this
    /// catches the race of two requests that both passed the check.
    /// </summary>
    public static async Task SaveUniqueAsync(this DbContext db, string conflictMessage, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            throw new ConflictException(conflictMessage);
        }
    }
}
