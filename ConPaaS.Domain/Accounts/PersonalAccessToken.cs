namespace ConPaaS.Domain.Accounts;

/// <summary>
/// A token a user creates to drive the API, the CLI and git. Only its hash is kept; the clear text is
/// shown once, at creation.
/// </summary>
public sealed class PersonalAccessToken
{
    private PersonalAccessToken() { }

    public PersonalAccessToken(string userId, string name, string hash, string prefix, DateTimeOffset now)
    {
        UserId = userId;
        Name = Names.Validate(name, "name");
        Hash = hash;
        Prefix = prefix;
        CreatedAt = now;
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

    public bool IsActive => RevokedAt is null;

    public void Revoke(DateTimeOffset now) => RevokedAt ??= now;

    public void MarkUsed(DateTimeOffset now) => LastUsedAt = now;
}
