using ConPaaS.Domain.Credits;
using ConPaaS.Domain.Errors;

namespace ConPaaS.Domain.Tests.Credits;

public sealed class CreditAccountTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(10);

    private static HourCharge Hour(int index, decimal price) =>
        new(new NodeUsage(1, 2, "web", "local", "small", price, Now, null, null), index, Now.AddHours(index), price);

    [Fact]
    public void An_account_opens_with_the_default_balance_and_says_so_in_its_history()
    {
        var (account, opening) = CreditAccount.Open("u1", 50m, Now);
        Assert.Equal(50m, account.Balance);
        Assert.Equal(CreditEntryKind.Opening, opening.Kind);
        Assert.Equal(50m, opening.BalanceAfter);
    }

    [Fact]
    public void A_charge_takes_the_price_off_and_records_the_balance_after_it()
    {
        var (account, _) = CreditAccount.Open("u1", 1m, Now);
        var entry = CreditEntry.Charge("u1", Hour(0, 0.25m));
        account.Apply(entry, Now);
        Assert.Equal(0.75m, account.Balance);
        Assert.Equal(-0.25m, entry.Amount);
        Assert.Equal(0.75m, entry.BalanceAfter);
        Assert.Equal((1, 0, 1, "web"), (entry.NodeId, entry.HourIndex, entry.Hours, entry.ServiceName));
    }

    [Fact]
    public void Setting_the_balance_books_the_difference()
    {
        var (account, _) = CreditAccount.Open("u1", 50m, Now);
        var entry = account.SetBalance(20m, "admin", Now);
        Assert.Equal(-30m, entry.Amount);
        Assert.Equal(20m, account.Balance);
        Assert.Contains("admin", entry.Note);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1_000_000_001)]
    public void A_negative_or_huge_balance_is_refused_and_changes_nothing(decimal balance)
    {
        var (account, _) = CreditAccount.Open("u1", 50m, Now);
        var refused = Assert.Throws<InvalidInputException>(() => account.SetBalance(balance, "admin", Now));
        Assert.Equal("balance", refused.Field);
        Assert.Equal(50m, account.Balance);
    }

    [Fact]
    public void Running_out_starts_the_grace_period_once_and_the_stop_is_due_when_it_ends()
    {
        var (account, _) = CreditAccount.Open("u1", 0.05m, Now);
        account.Apply(CreditEntry.Charge("u1", Hour(0, 0.05m)), Now);
        Assert.True(account.IsExhausted);

        Assert.True(account.MarkOutOfCredit(Now));
        Assert.False(account.MarkOutOfCredit(Now.AddMinutes(1)));
        Assert.Equal(Now + Grace, account.StopsAt(Grace));
        Assert.False(account.StopIsDue(Grace, Now.AddMinutes(9)));
        Assert.True(account.StopIsDue(Grace, Now.AddMinutes(10)));
    }

    [Fact]
    public void Credit_added_during_the_grace_period_cancels_the_stop()
    {
        var (account, _) = CreditAccount.Open("u1", 0m, Now);
        account.MarkOutOfCredit(Now);
        account.SetBalance(5m, "admin", Now.AddMinutes(3));
        Assert.Null(account.OutOfCreditSince);
        Assert.False(account.StopIsDue(Grace, Now.AddHours(1)));
    }

    [Fact]
    public void An_account_with_credit_is_never_marked_out_of_credit()
    {
        var (account, _) = CreditAccount.Open("u1", 1m, Now);
        Assert.False(account.MarkOutOfCredit(Now));
        Assert.Null(account.OutOfCreditSince);
    }
}
