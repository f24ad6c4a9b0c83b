using System.Net;
using System.Net.Http.Json;
using ConPaaS.Domain.Access;
using ConPaaS.Domain.Contracts;
using ConPaaS.Infrastructure.Accounts;
using ConPaaS.Portal.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ConPaaS.Portal.Tests.Accounts;

/// <summary>A portal that believes the test's <see cref="ClientAddresses.Header"/> about where a request comes from.</summary>
public sealed class AddressedPortal : PortalFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseTestClientAddresses();
    }
}

/// <summary>
/// Failed passwords lock an address out of one account, never the account itself: someone guessing from one
/// machine cannot lock the owner (or the admin) out, and no answer tells an existing account from another.
/// </summary>
public sealed class LockoutTests(AddressedPortal portal) : IClassFixture<AddressedPortal>
{
    private const string Password = "Owner-password-1";

    [Fact]
    public async Task Wrong_passwords_from_one_address_do_not_lock_the_owner_out_from_another()
    {
        await portal.CreateUserAsync("lock-owner", Password);
        foreach (var account in new[] { ("lock-owner", Password), (PortalFactory.AdminName, PortalFactory.AdminPassword) })
        {
            var attacker = portal.CreateClientFrom("203.0.113.7");
            for (var i = 0; i < 20; i++)
                Assert.Equal(HttpStatusCode.Unauthorized, (await TokenAsync(attacker, account.Item1, "guess-" + i)).StatusCode);
            // The guessing address is locked out of that account, even with the right password...
            await (await TokenAsync(attacker, account.Item1, account.Item2)).AssertProblemAsync(HttpStatusCode.Unauthorized, "Too many failed attempts");

            // ...but the owner, elsewhere, gets in by the API and by the login page.
            Assert.Equal(HttpStatusCode.Created, (await TokenAsync(portal.CreateClientFrom("198.51.100.9"), account.Item1, account.Item2)).StatusCode);
            var login = await AccountForms.LogInAsync(AccountForms.Browser(portal, "198.51.100.10"), account.Item1, account.Item2);
            Assert.True(login.Status == HttpStatusCode.Redirect, $"login of {account.Item1} answered {login.Status}: {string.Join(" ", login.Errors)}");
        }
    }

    [Fact]
    public async Task Failures_on_the_login_page_and_the_api_add_up_and_a_success_forgets_them()
    {
        await portal.CreateUserAsync("lock-mixed", Password);
        var address = "203.0.113.20";
        var browser = AccountForms.Browser(portal, address);
        var api = portal.CreateClientFrom(address);
        for (var i = 0; i < 4; i++)
            await AccountForms.LogInAsync(browser, "lock-mixed", "wrong");
        Assert.Equal(HttpStatusCode.Created, (await TokenAsync(api, "lock-mixed", Password)).StatusCode);

        for (var i = 0; i < 2; i++)
            await AccountForms.LogInAsync(browser, "lock-mixed", "wrong");
        for (var i = 0; i < 3; i++)
            await TokenAsync(api, "lock-mixed", "wrong");
        var locked = await AccountForms.LogInAsync(browser, "lock-mixed", Password);
        Assert.Contains(locked.Errors, e => e.Contains("Too many failed attempts", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_user_a_wrong_password_and_a_disabled_account_get_the_same_answers()
    {
        await portal.CreateUserAsync("lock-exists", Password);
        var disabled = await portal.CreateUserAsync("lock-disabled", Password);
        var admin = await portal.CreateUserAsync("lock-disabler", admin: true);
        using (var scope = portal.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<UserAdministration>().SetDisabledAsync(new Caller(admin.Id, true), disabled.Id, true);

        var answers = new List<string>();
        foreach (var userName in new[] { "lock-exists", "lock-nobody", "lock-disabled" })
        {
            var address = $"203.0.113.{answers.Count + 30}";
            var browser = AccountForms.Browser(portal, address);
            var api = portal.CreateClientFrom(address);
            var seen = new List<string>();
            for (var i = 0; i < 7; i++)
            {
                var page = await AccountForms.LogInAsync(browser, userName, "wrong-" + i);
                seen.Add($"page: {page.Status} {string.Join(" | ", page.Errors)}");
                var token = await TokenAsync(api, userName, "wrong-" + i);
                seen.Add($"api: {token.StatusCode} {(await token.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ProblemDetails>())?.Detail}");
            }
            answers.Add(string.Join("\n", seen));
        }
        Assert.Equal(answers[0], answers[1]);
        Assert.Equal(answers[0], answers[2]);
        Assert.Contains("Wrong user name or password", answers[0]);
        Assert.DoesNotContain("disabled", answers[2], StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_disabled_account_is_named_only_to_whoever_knows_its_password()
    {
        var disabled = await portal.CreateUserAsync("lock-disabled-right", Password);
        var admin = await portal.CreateUserAsync("lock-disabler-2", admin: true);
        using (var scope = portal.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<UserAdministration>().SetDisabledAsync(new Caller(admin.Id, true), disabled.Id, true);

        var page = await AccountForms.LogInAsync(AccountForms.Browser(portal, "203.0.113.50"), "lock-disabled-right", Password);
        Assert.Contains(page.Errors, e => e.Contains("disabled", StringComparison.Ordinal));
        await (await TokenAsync(portal.CreateClientFrom("203.0.113.50"), "lock-disabled-right", Password))
            .AssertProblemAsync(HttpStatusCode.Unauthorized, "disabled");
    }

    [Fact]
    public async Task An_admin_unlocks_an_account_through_the_api_and_no_one_else_may()
    {
        await portal.CreateUserAsync("lock-unlock", Password);
        var user = await ApiUser.SignUpAsync(portal, "lock-bystander");
        var admin = await ApiUser.SignUpAsync(portal, "lock-unlocker", admin: true);
        var address = portal.CreateClientFrom("203.0.113.60");
        for (var i = 0; i < 5; i++)
            await TokenAsync(address, "lock-unlock", "wrong");
        await (await TokenAsync(address, "lock-unlock", Password)).AssertProblemAsync(HttpStatusCode.Unauthorized, "Too many failed attempts");

        await (await user.Http.PostAsync("/api/v1/users/lock-unlock/unlock", null)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await admin.Http.PostAsync("/api/v1/users/lock-nobody-here/unlock", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await TokenAsync(address, "lock-unlock", Password)).AssertProblemAsync(HttpStatusCode.Unauthorized, "Too many failed attempts");

        Assert.Equal(HttpStatusCode.NoContent, (await admin.Http.PostAsync("/api/v1/users/lock-unlock/unlock", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await TokenAsync(address, "lock-unlock", Password)).StatusCode);
    }

    private static Task<HttpResponseMessage> TokenAsync(HttpClient http, string userName, string password) =>
        http.PostAsJsonAsync("/api/v1/tokens", new CreateTokenRequest(userName, password, "lock"));
}
