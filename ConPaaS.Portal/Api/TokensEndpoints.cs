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

        tokens.MapPost("", async Task<Created<CreatedTokenDto>> (CreateTokenRequest request, TokenService service, CancellationToken ct) =>
            {
                var token = await service.CreateWithPasswordAsync(request, ct);
                return TypedResults.Created($"/api/v1/tokens/{token.Id}", token);
            })
            .WithName("CreateToken")
            .WithSummary("Exchange a user name and password for a personal access token (shown once).")
            .AllowAnonymous();

        var own = tokens.MapGroup("").RequireAuthorization(Policies.Api);
        own.MapGet("", async (HttpContext http, TokenService service, CancellationToken ct) =>
                TypedResults.Ok(await service.ListAsync(http.User.ToCaller().UserId, ct)))
            .WithName("ListTokens")
            .WithSummary("List your tokens (never their values).");
        own.MapDelete("/{id:int}", async (int id, HttpContext http, TokenService service, CancellationToken ct) =>
            {
                await service.RevokeAsync(http.User.ToCaller().UserId, id, ct);
                return TypedResults.NoContent();
            })
            .WithName("RevokeToken")
            .WithSummary("Revoke one of your tokens.");
    }
}
