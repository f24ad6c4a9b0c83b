namespace ConPaaS.Domain.Access;

/// <summary>Who is asking. Every command takes one, so ownership is checked in one place.</summary>
public sealed record Caller(string UserId, bool IsAdmin)
{
    public bool MaySee(string ownerId) => IsAdmin || ownerId == UserId;
}
