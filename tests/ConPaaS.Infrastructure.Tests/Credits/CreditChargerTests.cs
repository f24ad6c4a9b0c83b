using ConPaaS.Domain.Access;
using ConPaaS.Domain.Credits;
using Microsoft.EntityFrameworkCore;

namespace ConPaaS.Infrastructure.Tests.Credits;

/// <summary>The charger on a real SQLite database, with time moved by the test.</summary>
public sealed class CreditChargerTests : IDisposable
{
    private readonly CreditDatabase _db = new();

    public void Dispose() => _db.Dispose();

    private async Task<List<CreditEntry>> EntriesAsync(string userId)
    {
        await using var db = await _db.Factory.CreateDbContextAsync();
        return await db.Set<CreditEntry>().Where(e => e.UserId == userId).OrderBy(e => e.Id).ToListAsync();
    }

    private async Task<CreditAccount> AccountAsync(string userId)
    {
        await using var db = await _db.Factory.CreateDbContextAsync();
        return await db.Set<CreditAccount>().SingleAsync(a => a.UserId == userId);
    }

    [Fact]
    public async Task Every_node_pays_its_types_price_when_it_starts_and_at_the_start_of_every_further_hour()
    {
        var user = await _db.AddUserAsync("alice");
        var service = await _db.AddRunningServiceAsync(user, "web");
        var small = await _db.StartNodeAsync(service, "small");
        var large = await _db.StartNodeAsync(service, "large");
        var charger = _db.Charger();

        Assert.Equal(2, (await charger.RunAsync()).HoursCharged);
        Assert.Equal(50m - 0.25m, (await AccountAsync(user)).Balance);

        _db.Clock.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(0, (await charger.RunAsync()).HoursCharged);

        _db.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(2, (await charger.RunAsync()).HoursCharged);

        var entries = await EntriesAsync(user);
        Assert.Equal(CreditEntryKind.Opening, entries[0].Kind);
        var charges = entries.Where(e => e.Kind == CreditEntryKind.Charge).ToList();
        Assert.Equal([(small, 0, -0.05m), (large, 0, -0.2m), (small, 1, -0.05m), (large, 1, -0.2m)],
            charges.Select(c => (c.NodeId!.Value, c.HourIndex!.Value, c.Amount)));
        Assert.All(charges, c => Assert.Equal(("web", service, 1), (c.ServiceName, c.ServiceId!.Value, c.Hours)));
        Assert.Equal(49.5m, (await AccountAsync(user)).Balance);
        Assert.Equal(49.5m, entries[^1].BalanceAfter);
    }

    [Fact]
    public async Task A_node_that_ran_61_minutes_costs_two_hours_even_when_the_charger_looks_only_later()
    {
        var user = await _db.AddUserAsync("bob");
        var node = await _db.StartNodeAsync(await _db.AddRunningServiceAsync(user, "web"), "large");
        _db.Clock.Advance(TimeSpan.FromMinutes(61));
        await _db.TerminateNodeAsync(node);
        _db.Clock.Advance(TimeSpan.FromHours(5));

        await _db.Charger().RunAsync();
        await _db.Charger().RunAsync();

        var charges = (await EntriesAsync(user)).Where(e => e.Kind == CreditEntryKind.Charge).ToList();
        Assert.Equal([0, 1], charges.Select(c => c.HourIndex!.Value));
        Assert.Equal(49.6m, (await AccountAsync(user)).Balance);
    }

    [Fact]
    public async Task Two_chargers_running_at_once_and_again_charge_every_node_hour_exactly_once()
    {
        var user = await _db.AddUserAsync("carol");
        var service = await _db.AddRunningServiceAsync(user, "web");
        for (var i = 0; i < 5; i++)
            await _db.StartNodeAsync(service);
        _db.Clock.Advance(TimeSpan.FromMinutes(150));

        // Two portals on one database, a restart: whichever books an hour first, it is booked once.
        var first = _db.Charger();
        var second = _db.Charger();
        for (var round = 0; round < 3; round++)
            await Task.WhenAll(first.RunAsync(), second.RunAsync());

        var charges = (await EntriesAsync(user)).Where(e => e.Kind == CreditEntryKind.Charge).ToList();
        Assert.Equal(15, charges.Count);
        Assert.Equal(15, charges.Select(c => (c.NodeId, c.HourIndex)).Distinct().Count());
        Assert.Equal(50m - 15 * 0.05m, (await AccountAsync(user)).Balance);
    }

    [Fact]
    public async Task The_database_itself_refuses_a_second_charge_of_the_same_node_hour()
    {
        var user = await _db.AddUserAsync("dave");
        var node = await _db.StartNodeAsync(await _db.AddRunningServiceAsync(user, "web"));
        await _db.Charger().RunAsync();

        await using var db = await _db.Factory.CreateDbContextAsync();
        var again = new HourCharge(new NodeUsage(node, 1, "web", "local", "small", 0.05m, CreditDatabase.Start, null, null), 0, CreditDatabase.Start, 0.05m);
        db.Add(CreditEntry.Charge(user, again));
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task At_zero_balance_the_user_is_warned_once_and_running_services_are_named_for_stopping_after_the_grace_period()
    {
        var admin = new Caller(await _db.AddUserAsync("root"), IsAdmin: true);
        var user = await _db.AddUserAsync("erin");
        var service = await _db.AddRunningServiceAsync(user, "shop");
        await _db.Commands().SetBalanceAsync(admin, "erin", 0.1m);
        await _db.StartNodeAsync(service);
        var charger = _db.Charger();

        var round = await charger.RunAsync();
        Assert.Empty(round.NewlyOutOfCredit);

        _db.Clock.Advance(TimeSpan.FromHours(1));
        round = await charger.RunAsync();
        Assert.Equal([user], round.NewlyOutOfCredit);
        Assert.Empty(round.StopsDue);
        var warning = Assert.Single(await EntriesAsync(user), e => e.Kind == CreditEntryKind.Warning);
        Assert.Contains("11:10:00 UTC", warning.Note);

        _db.Clock.Advance(TimeSpan.FromMinutes(9));
        round = await charger.RunAsync();
        Assert.Empty(round.NewlyOutOfCredit);
        Assert.Empty(round.StopsDue);

        _db.Clock.Advance(TimeSpan.FromMinutes(1));
        round = await charger.RunAsync();
        Assert.Equal(service, Assert.Single(round.StopsDue).ServiceId);
        Assert.Single(await EntriesAsync(user), e => e.Kind == CreditEntryKind.Warning);
    }

    [Fact]
    public async Task Credit_added_within_the_grace_period_keeps_the_services_running()
    {
        var admin = new Caller(await _db.AddUserAsync("root"), IsAdmin: true);
        var user = await _db.AddUserAsync("frank");
        await _db.Commands().SetBalanceAsync(admin, "frank", 0m);
        await _db.AddRunningServiceAsync(user, "shop");
        await _db.Charger().RunAsync();

        _db.Clock.Advance(TimeSpan.FromMinutes(5));
        await _db.Commands().SetBalanceAsync(admin, "frank", 10m);
        _db.Clock.Advance(TimeSpan.FromMinutes(30));

        Assert.Empty((await _db.Charger().RunAsync()).StopsDue);
        Assert.Null((await AccountAsync(user)).OutOfCreditSince);
    }

    [Fact]
    public async Task Each_user_sees_only_their_own_balance_burn_and_history()
    {
        var alice = await _db.AddUserAsync("alice");
        var bob = await _db.AddUserAsync("bob");
        await _db.StartNodeAsync(await _db.AddRunningServiceAsync(alice, "a-web"), "large");
        await _db.StartNodeAsync(await _db.AddRunningServiceAsync(bob, "b-web"), "small");
        await _db.Charger().RunAsync();

        var aliceView = await _db.Commands().GetAsync(new Caller(alice, IsAdmin: false));
        Assert.Equal((49.8m, 0.2m), (aliceView.Balance, aliceView.HourlyBurn));
        Assert.DoesNotContain(aliceView.History, e => e.ServiceName == "b-web");
        Assert.Contains(aliceView.History, e => e.ServiceName == "a-web" && e.Amount == -0.2m);
    }

    [Fact]
    public async Task Only_an_admin_sets_a_balance_and_an_unknown_user_is_named_in_the_refusal()
    {
        var user = new Caller(await _db.AddUserAsync("gina"), IsAdmin: false);
        var admin = new Caller(await _db.AddUserAsync("root"), IsAdmin: true);

        await Assert.ThrowsAsync<Domain.Errors.ForbiddenException>(() => _db.Commands().SetBalanceAsync(user, "gina", 1000m));
        var missing = await Assert.ThrowsAsync<Domain.Errors.NotFoundException>(() => _db.Commands().SetBalanceAsync(admin, "nobody", 1m));
        Assert.Contains("nobody", missing.Message);
        Assert.Equal(50m, (await _db.Commands().GetAsync(user)).Balance);
    }
}
