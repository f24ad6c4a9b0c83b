using System.Net;
using ConPaaS.Domain.Accounts;
using ConPaaS.Domain.Contracts;
using ConPaaS.Domain.Errors;
using ConPaaS.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace ConPaaS.Infrastructure.Accounts;

/// <summary>Personal access tokens: created (shown once), listed, revoked, and checked on every API or git call.</summary>
public sealed class TokenService(
    IDbContextFactory<PortalDbContext> dbFactory,
    PasswordCheck passwords,
    TimeProvider clock)
{
    /// <summary>Writing "last used" on every call would turn reads into writes; once a minute is enough.</summary>
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    /// <summary>A new token for a signed-in user; it lasts until revoked, or until <paramref name="expiresAt"/>.</summary>
    public async Task<CreatedTokenDto> CreateAsync(string userId, string? name, DateTimeOffset? expiresAt = null, CancellationToken ct = default)
    {
        var clear = SecretGenerator.Token();
        var token = new PersonalAccessToken(userId, name ?? "", SecretGenerator.Hash(clear), clear[..12], clock.GetUtcNow(), expiresAt);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.PersonalAccessTokens.Add(token);
        await db.SaveChangesAsync(ct);
        return new CreatedTokenDto(token.Id, token.Name, clear, token.ExpiresAt);
    }

    /// <summary>
    /// The API's way in: a user name and password buy a token. Failures count towards locking the caller's
    /// address out of that user name (see <see cref="LoginFailures"/>), never towards locking the account.
    /// </summary>
    public async Task<CreatedTokenDto> CreateWithPasswordAsync(CreateTokenRequest request, IPAddress? client, CancellationToken ct = default)
    {
        // The request's own mistakes first: they say nothing about the password and count for nothing.
        var expiresAt = PersonalAccessToken.ExpiryFrom(request.ExpiresInDays, request.ExpiresAt, clock.GetUtcNow());
        var user = await passwords.CheckAsync(request.UserName, request.Password, client);
        return await CreateAsync(user.Id, string.IsNullOrWhiteSpace(request.Name) ? "api" : request.Name, expiresAt, ct);
    }

    public async Task<IReadOnlyList<TokenDto>> ListAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var tokens = await db.PersonalAccessTokens.Where(t => t.UserId == userId).OrderBy(t => t.Id).ToListAsync(ct);
        var now = clock.GetUtcNow();
        return tokens.Select(t => new TokenDto(t.Id, t.Name, t.Prefix, t.CreatedAt, t.LastUsedAt, !t.IsActive, t.ExpiresAt, t.IsExpired(now))).ToList();
    }

    public async Task RevokeAsync(string userId, int tokenId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var token = await db.PersonalAccessTokens.SingleOrDefaultAsync(t => t.Id == tokenId && t.UserId == userId, ct)
            ?? throw new NotFoundException("Token", tokenId);
        token.Revoke(clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
    }

    /// <summary>What a presented token is worth: its user, or why it is refused.</summary>
    public sealed record TokenCheck(PortalUser? User, string? Refusal);

    private const string Unknown = "The access token is unknown, revoked, or its account is disabled.";

    /// <summary>The active, unexpired token's enabled user, or why not.</summary>
    public async Task<TokenCheck> ValidateAsync(string clearToken, CancellationToken ct = default)
    {
        if (!clearToken.StartsWith("cps_", StringComparison.Ordinal))
            return new(null, Unknown);
        var hash = SecretGenerator.Hash(clearToken);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // One query for the token and its user: this runs on every API and git call.
        var found = await db.PersonalAccessTokens.Where(t => t.Hash == hash)
            .Join(db.Users, t => t.UserId, u => u.Id, (t, u) => new { Token = t, User = u })
            .SingleOrDefaultAsync(ct);
        if (found is null || !found.Token.IsActive || found.User.IsDisabled)
            return new(null, Unknown);
        var (token, user) = (found.Token, found.User);

        var now = clock.GetUtcNow();
        if (token.IsExpired(now))
            return new(null, $"The access token expired at {token.ExpiresAt:u}; create a new one with POST /api/v1/tokens or on your profile page.");
        if (token.LastUsedAt is null || now - token.LastUsedAt > LastUsedResolution)
        {
            token.MarkUsed(now);
            await db.SaveChangesAsync(ct);
        }
        return new(user, null);
    }
}
