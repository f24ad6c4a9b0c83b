using ConPaaS.Infrastructure.Data;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;

namespace ConPaaS.Portal.Hosting;

internal static class AccountEndpoints
{
    /// <summary>Logging out must change the cookie, which an interactive circuit cannot do: it is a plain form POST.</summary>
    public static WebApplication MapAccountEndpoints(this WebApplication app)
    {
        app.MapPost("/account/logout", async Task<IResult> (HttpContext http, IAntiforgery antiforgery, SignInManager<PortalUser> signIn) =>
            {
                // Only the portal's own log-out button: another site must not be able to end a session.
                if (!await antiforgery.IsRequestValidAsync(http))
                    return TypedResults.Problem(
                        title: "Invalid request",
                        detail: "Log out with the portal's Log out button: the request has no valid anti-forgery token.",
                        statusCode: StatusCodes.Status400BadRequest);

                // A new security stamp makes every cookie issued before it worthless, a copy of this one included
                // (the stamp is checked on every request, see AccountsExtensions).
                if (await signIn.UserManager.GetUserAsync(http.User) is { } user)
                    await signIn.UserManager.UpdateSecurityStampAsync(user);
                await signIn.SignOutAsync();
                return TypedResults.LocalRedirect("~/account/login");
            });
        return app;
    }
}
