using ConPaaS.Infrastructure.Accounts;
using ConPaaS.Portal.Hosting;

namespace ConPaaS.Portal.Api;

/// <summary>Admin only: what is done to an account as a whole (its credit is in <see cref="CreditEndpoints"/>).</summary>
internal static class UsersEndpoints
{
    public static void MapUsers(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users/{userName}").WithTags("Users");
        users.MapPost("/unlock", async (string userName, HttpContext http, UserAdministration administration) =>
            {
                await administration.UnlockAsync(http.User.ToCaller(), userName);
                return TypedResults.NoContent();
            })
            .WithName("UnlockUser")
            .WithSummary("Admin only: let every address try the user's password again now (after five failures in a row an address is locked out of it for five minutes).");
    }
}
