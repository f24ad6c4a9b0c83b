using Microsoft.AspNetCore.Identity;

namespace ConPaaS.Infrastructure.Data;

/// <summary>An account of the portal. Identity owns the credentials; we add only what ConPaaS needs.</summary>
public sealed class PortalUser : IdentityUser
{
    /// <summary>A disabled user can neither sign in nor use a token; their applications stay untouched.</summary>
    public bool IsDisabled { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
