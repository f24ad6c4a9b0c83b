using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ConPaaS.Domain.Contracts;
using ConPaaS.Infrastructure.Accounts;
using ConPaaS.Portal.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ConPaaS.Portal.Tests.Api;

public sealed class TokenTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task A_token_from_user_name_and_password_authenticates_api_calls()
    {
        var alice = await ApiUser.SignUpAsync(portal, "tok-alice");
        var response = await alice.Http.GetAsync("/api/v1/applications");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_wrong_password_gets_401_and_no_token()
    {
        await portal.CreateUserAsync("tok-bob");
        var response = await portal.CreateClient().PostAsJsonAsync("/api/v1/tokens", new CreateTokenRequest("tok-bob", "not-the-password", "x"));
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "Wrong user name or password");
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_that_address_out_of_the_account_even_with_the_right_one()
    {
        // Only this address and this account: LockoutTests shows the owner still gets in from elsewhere.
        await portal.CreateUserAsync("tok-locked", "Right-password-1");
        var http = portal.CreateClient();
        for (var i = 0; i < 5; i++)
            await http.PostAsJsonAsync("/api/v1/tokens", new CreateTokenRequest("tok-locked", "wrong", "x"));
        var response = await http.PostAsJsonAsync("/api/v1/tokens", new CreateTokenRequest("tok-locked", "Right-password-1", "x"));
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "Too many failed attempts");
    }

    [Fact]
    public async Task A_revoked_token_stops_working()
    {
        var carol = await ApiUser.SignUpAsync(portal, "tok-carol");
        var tokens = await carol.Http.GetFromJsonAsync<List<TokenDto>>("/api/v1/tokens");
        var delete = await carol.Http.DeleteAsync($"/api/v1/tokens/{tokens!.Single().Id}");
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);

        var response = await carol.Http.GetAsync("/api/v1/applications");
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "revoked");
    }

    [Theory]
    [InlineData("Bearer cps_not-a-real-token")]
    [InlineData("Bearer ")]
    [InlineData("Bearer garbage!!")]
    [InlineData("Basic !!!not-base64")]
    public async Task A_malformed_or_unknown_token_gets_401(string header)
    {
        var http = portal.CreateClient();
        http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", header);
        var response = await http.GetAsync("/api/v1/applications");
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Tokens_are_stored_hashed_never_in_clear()
    {
        var dave = await ApiUser.SignUpAsync(portal, "tok-dave");
        var clear = dave.Http.DefaultRequestHeaders.Authorization!.Parameter!;
        using var scope = portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<ConPaaS.Infrastructure.Data.PortalDbContext>>().CreateDbContext();
        var stored = db.PersonalAccessTokens.Single(t => t.UserId == dave.UserId);
        Assert.NotEqual(clear, stored.Hash);
        Assert.Equal(SecretGenerator.Hash(clear), stored.Hash);
        Assert.DoesNotContain(clear, stored.Prefix + stored.Name);
    }

    [Fact]
    public async Task Basic_auth_needs_the_token_owners_user_name()
    {
        var erin = await ApiUser.SignUpAsync(portal, "tok-erin");
        var token = erin.Http.DefaultRequestHeaders.Authorization!.Parameter!;
        var http = portal.CreateClient();

        http.DefaultRequestHeaders.Authorization = Basic("tok-erin", token);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/v1/applications")).StatusCode);

        http.DefaultRequestHeaders.Authorization = Basic("someone-else", token);
        await (await http.GetAsync("/api/v1/applications")).AssertProblemAsync(HttpStatusCode.Unauthorized, "does not belong");
    }

    [Fact]
    public async Task A_disabled_users_token_is_refused()
    {
        var frank = await ApiUser.SignUpAsync(portal, "tok-frank");
        using (var scope = portal.Services.CreateScope())
        {
            var admin = await portal.CreateUserAsync("tok-admin", admin: true);
            await scope.ServiceProvider.GetRequiredService<UserAdministration>()
                .SetDisabledAsync(new ConPaaS.Domain.Access.Caller(admin.Id, IsAdmin: true), frank.UserId, disabled: true);
        }
        var response = await frank.Http.GetAsync("/api/v1/applications");
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{user}:{password}")));
}
