using ConPaaS.Domain.Contracts;
using ConPaaS.Infrastructure.Credits;
using ConPaaS.Portal.Hosting;

namespace ConPaaS.Portal.Api;

/// <summary>Your credit (balance, hourly burn, history); an admin reads and sets any user's balance.</summary>
internal static class CreditEndpoints
{
    public static void MapCredit(this RouteGroupBuilder api)
    {
        api.MapGet("/credit", async (HttpContext http, CreditCommands credit, CancellationToken ct) =>
                TypedResults.Ok(await credit.GetAsync(http.User.ToCaller(), ct)))
            .WithTags("Credit").WithName("GetCredit")
            .WithSummary("Your balance, what your running nodes cost per hour, and your credit history (newest first).");

        var users = api.MapGroup("/users/{userName}/credit").WithTags("Credit");
        users.MapGet("", async (string userName, HttpContext http, CreditCommands credit, CancellationToken ct) =>
                TypedResults.Ok(await credit.GetForUserAsync(http.User.ToCaller(), userName, ct)))
            .WithName("GetUserCredit").WithSummary("Admin only: a user's balance, hourly burn and history.");
        users.MapPut("", async (string userName, SetCreditRequest request, HttpContext http, CreditCommands credit, CancellationToken ct) =>
                TypedResults.Ok(await credit.SetBalanceAsync(http.User.ToCaller(), userName, request.Balance, ct)))
            .WithName("SetUserCredit").WithSummary("Admin only: set a user's balance ({balance}); the change is booked in their history.");
    }
}
