using ConPaaS.Cli.Tests.Support;
using ConPaaS.Domain.Contracts;
using ConPaaS.EndToEnd.Tests.Support;

namespace ConPaaS.Cli.Tests;

/// <summary>cps credit: your balance and history; an admin reads and sets a user's balance.</summary>
public sealed class CreditCommandTests(PortalFixture portal) : IClassFixture<PortalFixture>, IAsyncLifetime
{
    private readonly Cps _cps = new();

    public async Task InitializeAsync() => await _cps.LoginAsync(portal.Url);

    public Task DisposeAsync()
    {
        _cps.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task An_admin_sets_a_balance_that_the_credit_verb_then_shows_with_its_history()
    {
        var set = await _cps.OkAsync("credit", "--user", PortalProcess.AdminName, "--set", "12.5");
        Assert.Equal($"{PortalProcess.AdminName}'s balance is now 12.50.", set.Trim());

        var credit = await _cps.JsonAsync<CreditDto>("credit");
        Assert.Equal((PortalProcess.AdminName, 12.5m, 0m), (credit.UserName, credit.Balance, credit.HourlyBurn));
        var text = await _cps.OkAsync("credit");
        Assert.StartsWith($"{PortalProcess.AdminName}: balance 12.50, running nodes cost 0.00/h.", text);
        var lines = text.Split('\n');
        var header = Array.FindIndex(lines, line => line.StartsWith("WHEN", StringComparison.Ordinal));
        Assert.Contains("12.50", lines[header + 1]); // the newest history line: the admin's change

        var byName = await _cps.JsonAsync<CreditDto>("credit", "--user", PortalProcess.AdminName);
        Assert.Equal(12.5m, byName.Balance);
    }

    [Fact]
    public async Task Wrong_arguments_and_unknown_users_are_refused()
    {
        await _cps.FailsAsync(1, "credit", "--set", "5");
        var unknown = await _cps.FailsAsync(2, "credit", "--user", "nobody-here", "--set", "5");
        Assert.Contains("nobody-here", unknown.Error);
        var negative = await _cps.FailsAsync(2, "credit", "--user", PortalProcess.AdminName, "--set", "-1");
        Assert.Contains("balance", negative.Error);
    }
}
