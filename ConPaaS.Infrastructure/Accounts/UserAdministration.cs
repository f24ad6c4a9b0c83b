using ConPaaS.Domain.Access;
using ConPaaS.Domain.Errors;
using ConPaaS.Infrastructure.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ConPaaS.Infrastructure.Accounts;

/// <param name="IsLocked">Some address is locked out of the account after failed passwords (see <see cref="LoginFailures"/>).</param>
public sealed record UserSummary(string Id, string UserName, bool IsAdmin, bool IsDisabled, DateTimeOffset CreatedAt, bool IsLocked = false);

/// <summary>What an admin may do to accounts: list them, disable or enable one, unlock one.</summary>
public sealed class UserAdministration(UserManager<PortalUser> users, LoginFailures failures)
{
    public async Task<IReadOnlyList<UserSummary>> ListAsync(Caller caller)
    {
        EnsureAdmin(caller);
        var admins = (await users.GetUsersInRoleAsync(Roles.Admin)).Select(u => u.Id).ToHashSet();
        var all = await users.Users.OrderBy(u => u.UserName).ToListAsync();
        return all.Select(u => new UserSummary(u.Id, u.UserName ?? "", admins.Contains(u.Id), u.IsDisabled, u.CreatedAt,
            failures.IsLockedAnywhere(u.NormalizedUserName ?? ""))).ToList();
    }

    public async Task SetDisabledAsync(Caller caller, string userId, bool disabled)
    {
        EnsureAdmin(caller);
        if (userId == caller.UserId && disabled)
            throw new ConflictException("You cannot disable your own account.");
        var user = await users.FindByIdAsync(userId) ?? throw new NotFoundException("User", userId);
        user.IsDisabled = disabled;
        await users.UpdateAsync(user);
        // A new stamp ends the user's open sessions at the next revalidation.
        await users.UpdateSecurityStampAsync(user);
    }

    /// <summary>Lets every address try the account's password again at once, instead of after the lock time.</summary>
    public async Task UnlockAsync(Caller caller, string userName)
    {
        EnsureAdmin(caller);
        var user = await users.FindByNameAsync(userName) ?? throw new NotFoundException("User", userName);
        failures.Unlock(user.NormalizedUserName ?? users.NormalizeName(userName));
    }

    private static void EnsureAdmin(Caller caller)
    {
        if (!caller.IsAdmin)
            throw new ForbiddenException("Only an admin may manage users.");
    }
}
