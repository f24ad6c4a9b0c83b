using System.Security.Claims;
using ConPaaS.Domain.Access;
using ConPaaS.Domain.Errors;
using ConPaaS.Infrastructure.Data;

namespace ConPaaS.Portal.Hosting;

public static class CallerExtensions
{
    /// <summary>The signed-in user as the commands see them.</summary>
    public static Caller ToCaller(this ClaimsPrincipal user) =>
        new(user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new UnauthorizedException("Not signed in."),
            user.IsInRole(Roles.Admin));
}
