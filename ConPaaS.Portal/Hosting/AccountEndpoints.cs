using ConPaaS.Infrastructure.Data;
using Microsoft.AspNetCore.Identity;

namespace ConPaaS.Portal.Hosting;

internal static class AccountEndpoints
{
    /// <summary>Logging out must change the cookie, which an interactive circuit cannot do: it is a plain form POST.</summary>
    public static WebApplication MapAccountEndpoints(this WebApplication app)
    {
        app.MapPost("/account/logout", async (SignInManager<PortalUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("~/account/login");
        });
        return app;
    }
}
