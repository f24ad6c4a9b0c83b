using ConPaaS.Domain.Contracts;
using ConPaaS.Infrastructure.Accounts;
using ConPaaS.Portal.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConPaaS.Portal.Api;

internal static class TokensEndpoints
{
    public static void MapTokens(this RouteGroupBuilder api)
    {
        var tokens = api.MapGroup("/tokens").WithTags("Tokens");

        tokens.MapPost("", async Task<Created<CreatedTokenDto>> (CreateTokenRequest request, HttpContext http, TokenService service, CancellationToken ct) =>
            {
                var token = await service.CreateWithPasswordAsync(request, http.Connection.RemoteIpAddress, ct);
                return TypedResults.Created($"/api/v1/tokens/{token.Id}", token);
            })
            .WithName("CreateToken")
            .WithSummary("Exchange a user name and password for a personal access token (shown once); "
                + "optionally ending after expiresInDays or at expiresAt. Five failures in a row lock your address out of that user name for five minutes.")
            .AllowAnonymous();

        var own = tokens.MapGroup("").RequireAuthorization(Policies.Api);
        own.MapGet("", async (HttpContext http, TokenService service, CancellationToken ct) =>
                TypedResults.Ok(await service.ListAsync(http.User.ToCaller().UserId, ct)))
            .WithName("ListTokens")
            .WithSummary("List your tokens (never their values), with when each expires and was last used (to the minute).");
        own.MapDelete("/{id:int}", async (int id, HttpContext http, TokenService service, CancellationToken ct) =>
            {
                await service.RevokeAsync(http.User.ToCaller().UserId, id, ct);
                return TypedResults.NoContent();
            })
            .WithName("RevokeToken")
            .WithSummary("Revoke one of your tokens.");
    }
}
