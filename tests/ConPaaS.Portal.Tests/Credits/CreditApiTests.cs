using System.Net;
using System.Net.Http.Json;
using ConPaaS.Domain.Contracts;
using ConPaaS.Portal.Tests.Support;

namespace ConPaaS.Portal.Tests.Credits;

/// <summary>The credit endpoints: who may set a balance, who sees which history, and what zero credit refuses.</summary>
public sealed class CreditApiTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private static Task<HttpResponseMessage> SetAsync(ApiUser who, string userName, object body) =>
        who.Http.PutAsJsonAsync($"/api/v1/users/{userName}/credit", body);

    [Fact]
    public async Task A_new_user_has_the_default_balance_and_an_admin_sets_it_with_the_change_in_their_history()
    {
        var admin = await ApiUser.SignUpAsync(portal, "cr-admin", admin: true);
        var user = await ApiUser.SignUpAsync(portal, "cr-user");

        var fresh = await user.Http.GetFromJsonAsync<CreditDto>("/api/v1/credit");
        Assert.Equal((50m, 0m), (fresh!.Balance, fresh.HourlyBurn));
        Assert.Equal("Opening", Assert.Single(fresh.History).Kind);

        var set = await SetAsync(admin, "cr-user", new SetCreditRequest(12.5m));
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(12.5m, (await set.Content.ReadFromJsonAsync<UserCreditDto>())!.Balance);

        var after = await user.Http.GetFromJsonAsync<CreditDto>("/api/v1/credit");
        Assert.Equal(12.5m, after!.Balance);
        var adjustment = after.History[0];
        Assert.Equal(("Adjustment", -37.5m, 12.5m), (adjustment.Kind, adjustment.Amount, adjustment.BalanceAfter));
        Assert.Contains("cr-admin", adjustment.Note);

        var adminView = await admin.Http.GetFromJsonAsync<CreditDto>("/api/v1/users/CR-USER/credit");
        Assert.Equal(("cr-user", 12.5m), (adminView!.UserName, adminView.Balance));
        Assert.Equal(after.History.Select(e => e.Id), adminView.History.Select(e => e.Id));
    }

    [Fact]
    public async Task A_user_who_is_not_an_admin_cannot_set_or_read_anyones_credit()
    {
        var user = await ApiUser.SignUpAsync(portal, "cr-greedy");
        var other = await ApiUser.SignUpAsync(portal, "cr-other");

        await (await SetAsync(user, "cr-greedy", new SetCreditRequest(1_000_000m))).AssertProblemAsync(HttpStatusCode.Forbidden, "admin");
        await (await user.Http.GetAsync("/api/v1/users/cr-other/credit")).AssertProblemAsync(HttpStatusCode.Forbidden, "admin");
        Assert.Equal(50m, (await user.Http.GetFromJsonAsync<CreditDto>("/api/v1/credit"))!.Balance);
        Assert.Equal(50m, (await other.Http.GetFromJsonAsync<CreditDto>("/api/v1/credit"))!.Balance);
    }

    [Fact]
    public async Task Each_user_sees_only_their_own_history()
    {
        var admin = await ApiUser.SignUpAsync(portal, "cr-admin2", admin: true);
        var alice = await ApiUser.SignUpAsync(portal, "cr-alice");
        var bob = await ApiUser.SignUpAsync(portal, "cr-bob");
        await SetAsync(admin, "cr-alice", new SetCreditRequest(7m));

        var bobs = await bob.Http.GetFromJsonAsync<CreditDto>("/api/v1/credit");
        Assert.Equal("cr-bob", bobs!.UserName);
        Assert.DoesNotContain(bobs.History, e => e.Kind == "Adjustment");
        var alices = await alice.Http.GetFromJsonAsync<CreditDto>("/api/v1/credit");
        Assert.Contains(alices!.History, e => e.Kind == "Adjustment" && e.BalanceAfter == 7m);
    }

    [Fact]
    public async Task Bad_balances_and_unknown_users_are_refused_with_what_is_wrong_and_change_nothing()
    {
        var admin = await ApiUser.SignUpAsync(portal, "cr-admin3", admin: true);
        var user = await ApiUser.SignUpAsync(portal, "cr-target");

        var negative = await (await SetAsync(admin, "cr-target", new SetCreditRequest(-5m))).AssertProblemAsync(HttpStatusCode.BadRequest, "negative");
        Assert.Equal("balance", negative.Extensions["field"]?.ToString());
        await (await SetAsync(admin, "cr-target", new SetCreditRequest(null))).AssertProblemAsync(HttpStatusCode.BadRequest, "balance");
        await (await SetAsync(admin, "cr-target", new { balance = "lots" })).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await SetAsync(admin, "cr-nobody", new SetCreditRequest(5m))).AssertProblemAsync(HttpStatusCode.NotFound, "cr-nobody");

        Assert.Equal(50m, (await user.Http.GetFromJsonAsync<CreditDto>("/api/v1/credit"))!.Balance);
    }

    [Fact]
    public async Task At_zero_balance_starting_a_service_or_adding_nodes_is_refused_with_the_balance()
    {
        var admin = await ApiUser.SignUpAsync(portal, "cr-admin4", admin: true);
        var user = await ApiUser.SignUpAsync(portal, "cr-broke");
        var app = await user.CreateApplicationAsync("broke");
        var service = await user.CreateServiceAsync(app.Id, "php", "web");
        await SetAsync(admin, "cr-broke", new SetCreditRequest(0m));

        var start = await user.Http.PostAsJsonAsync($"/api/v1/services/{service.Id}/start", new StartServiceRequest(null));
        var problem = await start.AssertProblemAsync(HttpStatusCode.PaymentRequired, "credit balance is 0.00");
        Assert.Equal("Out of credit", problem.Title);
        var add = await user.Http.PostAsJsonAsync($"/api/v1/services/{service.Id}/nodes", new AddNodesRequest("backend", 1, null));
        await add.AssertProblemAsync(HttpStatusCode.PaymentRequired, "credit balance is 0.00");

        var unchanged = await user.Http.GetFromJsonAsync<ServiceDto>($"/api/v1/services/{service.Id}");
        Assert.Equal("Init", unchanged!.State);
        Assert.Null(unchanged.ActiveOperation);
    }
}
