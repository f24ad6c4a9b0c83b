using ConPaaS.Domain.Accounts;
using ConPaaS.Domain.Contracts;
using ConPaaS.Domain.Errors;
using ConPaaS.Infrastructure.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ConPaaS.Infrastructure.Accounts;

/// <summary>Personal access tokens: created (shown once), listed, revoked, and checked on every API or git call.</summary>
public sealed class TokenService(
    IDbContextFactory<PortalDbContext> dbFactory,
    UserManager<PortalUser> users,
    TimeProvider clock)
{
    /// <summary>Writing "last used" on every call would turn reads into writes; once a minute is enough.</summary>
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    public async Task<CreatedTokenDto> CreateAsync(string userId, string? name, CancellationToken ct = default)
    {
        var clear = SecretGenerator.Token();
        var token = new PersonalAccessToken(userId, name ?? "", SecretGenerator.Hash(clear), clear[..12], clock.GetUtcNow());
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.PersonalAccessTokens.Add(token);
        await db.SaveChangesAsync(ct);
        return new CreatedTokenDto(token.Id, token.Name, clear);
    }

    /// <summary>The API's way in: a user name and password buy a token. Failures count towards lockout.</summary>
    public async Task<CreatedTokenDto> CreateWithPasswordAsync(CreateTokenRequest request, CancellationToken ct = default)
    {
        const string refused = "Wrong user name or password, or the account is locked or disabled.";
        var user = await users.FindByNameAsync(request.UserName ?? "");
        if (user is null || user.IsDisabled || await users.IsLockedOutAsync(user))
            throw new UnauthorizedException(refused);
        if (!await users.CheckPasswordAsync(user, request.Password ?? ""))
        {
            await users.AccessFailedAsync(user);
            throw new UnauthorizedException(refused);
        }
        await users.ResetAccessFailedCountAsync(user);
        return await CreateAsync(user.Id, string.IsNullOrWhiteSpace(request.Name) ? "api" : request.Name, ct);
    }

    public async Task<IReadOnlyList<TokenDto>> ListAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var tokens = await db.PersonalAccessTokens.Where(t => t.UserId == userId).OrderBy(t => t.Id).ToListAsync(ct);
        return tokens.Select(t => new TokenDto(t.Id, t.Name, t.Prefix, t.CreatedAt, t.LastUsedAt, !t.IsActive)).ToList();
    }

    public async Task RevokeAsync(string userId, int tokenId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var token = await db.PersonalAccessTokens.SingleOrDefaultAsync(t => t.Id == tokenId && t.UserId == userId, ct)
            ?? throw new NotFoundException("Token", tokenId);
        token.Revoke(clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The active, enabled user a clear token belongs to, or null.</summary>
    public async Task<PortalUser?> ValidateAsync(string clearToken, CancellationToken ct = default)
    {
        if (!clearToken.StartsWith("cps_", StringComparison.Ordinal))
            return null;
        var hash = SecretGenerator.Hash(clearToken);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // One query for the token and its user: this runs on every API and git call.
        var found = await db.PersonalAccessTokens.Where(t => t.Hash == hash)
            .Join(db.Users, t => t.UserId, u => u.Id, (t, u) => new { Token = t, User = u })
            .SingleOrDefaultAsync(ct);
        if (found is null || !found.Token.IsActive || found.User.IsDisabled)
            return null;
        var (token, user) = (found.Token, found.User);

        var now = clock.GetUtcNow();
        if (token.LastUsedAt is null || now - token.LastUsedAt > LastUsedResolution)
        {
            token.MarkUsed(now);
            await db.SaveChangesAsync(ct);
        }
        return user;
    }
}
