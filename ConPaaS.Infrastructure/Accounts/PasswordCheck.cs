using System.Net;
using ConPaaS.Domain.Errors;
using ConPaaS.Infrastructure.Data;
using Microsoft.AspNetCore.Identity;

namespace ConPaaS.Infrastructure.Accounts;

/// <summary>
/// The one place a user name and password are tried (the login page and <c>POST /api/v1/tokens</c>). Every
/// refusal reads the same whether the name exists or not, and takes about as long; only someone who gave the
/// right password learns that the account is disabled.
/// </summary>
public sealed class PasswordCheck(UserManager<PortalUser> users, IPasswordHasher<PortalUser> hasher, LoginFailures failures)
{
    public const string Refused = "Wrong user name or password.";
    public const string Throttled =
        "Too many failed attempts for this user name from your address: try again in a few minutes, or ask an administrator to unlock it.";
    public const string Disabled = "This account is disabled. Ask an administrator.";

    private static readonly PortalUser Nobody = new() { UserName = "nobody" };
    private static string? _nobodysHash;

    /// <summary>The user, or an <see cref="UnauthorizedException"/> with the message to show.</summary>
    public async Task<PortalUser> CheckAsync(string? userName, string? password, IPAddress? client)
    {
        var name = users.NormalizeName(userName?.Trim() ?? "");
        if (failures.IsLocked(client, name))
            throw new UnauthorizedException(Throttled);

        var user = name.Length == 0 ? null : await users.FindByNameAsync(name);
        if (user is null)
        {
            // The same hashing work as for a real account, so the time taken does not tell.
            _nobodysHash ??= hasher.HashPassword(Nobody, "no password matches this");
            hasher.VerifyHashedPassword(Nobody, _nobodysHash, password ?? "");
        }
        if (user is null || !await users.CheckPasswordAsync(user, password ?? ""))
        {
            failures.Failed(client, name);
            throw new UnauthorizedException(Refused);
        }

        failures.Succeeded(client, name);
        return user.IsDisabled ? throw new UnauthorizedException(Disabled) : user;
    }
}
