using ConPaaS.Domain.Errors;

namespace ConPaaS.Domain.Accounts;

/// <summary>
/// A token a user creates to drive the API, the CLI and git. Only its hash is kept; the clear text is
/// shown once, at creation. It may end by itself at <see cref="ExpiresAt"/>.
/// </summary>
public sealed class PersonalAccessToken
{
    /// <summary>The longest lifetime a token can be given in days (ten years); without an expiry it lasts until revoked.</summary>
    public const int MaxDays = 3650;

    private PersonalAccessToken() { }

    public PersonalAccessToken(string userId, string name, string hash, string prefix, DateTimeOffset now, DateTimeOffset? expiresAt = null)
    {
        if (expiresAt <= now)
            throw new InvalidInputException("expiresAt", $"The expiry must be in the future (it is {expiresAt:u}, now is {now:u}).");
        UserId = userId;
        Name = Names.Validate(name, "name");
        Hash = hash;
        Prefix = prefix;
        CreatedAt = now;
        ExpiresAt = expiresAt;
    }

    public int Id { get; private set; }
    public string UserId { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string Hash { get; private set; } = "";

    /// <summary>The first characters of the token, enough for a person to tell tokens apart.</summary>
    public string Prefix { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? LastUsedAt { get; private set; }
    public DateTimeOffset? RevokedAt { get; private set; }
    public DateTimeOffset? ExpiresAt { get; private set; }

    public bool IsActive => RevokedAt is null;

    public bool IsExpired(DateTimeOffset now) => ExpiresAt <= now;

    public void Revoke(DateTimeOffset now) => RevokedAt ??= now;

    public void MarkUsed(DateTimeOffset now) => LastUsedAt = now;

    /// <summary>
    /// The expiry a request asks for: <paramref name="expiresInDays"/> from now, or <paramref name="expiresAt"/>,
    /// or none; never both.
    /// </summary>
    public static DateTimeOffset? ExpiryFrom(int? expiresInDays, DateTimeOffset? expiresAt, DateTimeOffset now)
    {
        if (expiresInDays is not null && expiresAt is not null)
            throw new InvalidInputException("expiresAt", "Give either expiresInDays or expiresAt, not both.");
        if (expiresInDays is { } days)
            return days is >= 1 and <= MaxDays
                ? now.AddDays(days)
                : throw new InvalidInputException("expiresInDays", $"expiresInDays must be from 1 to {MaxDays} (it is {days}); leave it out for a token that lasts until revoked.");
        if (expiresAt <= now)
            throw new InvalidInputException("expiresAt", $"expiresAt must be in the future (it is {expiresAt:u}, now is {now:u}).");
        return expiresAt;
    }
}
