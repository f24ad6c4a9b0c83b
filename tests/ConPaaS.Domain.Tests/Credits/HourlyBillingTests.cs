using ConPaaS.Domain.Credits;

namespace ConPaaS.Domain.Tests.Credits;

public sealed class HourlyBillingTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    private static NodeUsage Node(decimal price = 0.05m, DateTimeOffset? terminated = null, int? lastCharged = null, string type = "small") =>
        new(7, 3, "web", "local", type, price, Start, terminated, lastCharged);

    [Fact]
    public void A_node_pays_its_first_hour_as_soon_as_it_starts()
    {
        Assert.Equal(1, HourlyBilling.HoursStarted(Start, null, Start));
        var due = HourlyBilling.Due(Node(), Start);
        Assert.Equal([0], due.Select(c => c.HourIndex));
        Assert.Equal(Start, due[0].DueAt);
    }

    [Fact]
    public void Nothing_is_due_before_the_node_started() =>
        Assert.Empty(HourlyBilling.Due(Node(), Start.AddSeconds(-1)));

    [Fact]
    public void A_node_that_ran_61_minutes_costs_two_hours()
    {
        var due = HourlyBilling.Due(Node(0.25m, terminated: Start.AddMinutes(61)), Start.AddHours(5));
        Assert.Equal([0, 1], due.Select(c => c.HourIndex));
        Assert.Equal(0.50m, due.Sum(c => c.Price));
    }

    [Fact]
    public void A_node_terminated_at_exactly_one_hour_costs_one_hour() =>
        Assert.Equal(1, HourlyBilling.HoursStarted(Start, Start.AddHours(1), Start.AddHours(3)));

    [Fact]
    public void A_node_terminated_the_moment_it_started_still_costs_its_first_hour() =>
        Assert.Equal(1, HourlyBilling.HoursStarted(Start, Start, Start.AddHours(1)));

    [Fact]
    public void A_running_node_pays_each_hour_at_its_start()
    {
        Assert.Equal(1, HourlyBilling.HoursStarted(Start, null, Start.AddMinutes(59)));
        Assert.Equal(2, HourlyBilling.HoursStarted(Start, null, Start.AddMinutes(60)));
        Assert.Equal(3, HourlyBilling.HoursStarted(Start, null, Start.AddMinutes(121)));
    }

    [Fact]
    public void Each_hour_is_charged_at_the_price_of_the_nodes_type()
    {
        var small = HourlyBilling.Due(Node(0.05m), Start.AddMinutes(90));
        var large = HourlyBilling.Due(Node(0.2m, type: "large"), Start.AddMinutes(90));
        Assert.Equal([0.05m, 0.05m], small.Select(c => c.Price));
        Assert.Equal([0.2m, 0.2m], large.Select(c => c.Price));
    }

    [Fact]
    public void Hours_already_charged_are_not_due_again()
    {
        var now = Start.AddMinutes(150);
        Assert.Equal([0, 1, 2], HourlyBilling.Due(Node(), now).Select(c => c.HourIndex));
        Assert.Equal([2], HourlyBilling.Due(Node(lastCharged: 1), now).Select(c => c.HourIndex));
        Assert.Empty(HourlyBilling.Due(Node(lastCharged: 2), now));
    }

    [Fact]
    public void Hours_missed_while_the_charger_was_down_are_caught_up_with_their_own_times()
    {
        var due = HourlyBilling.Due(Node(lastCharged: 0), Start.AddHours(3).AddMinutes(5));
        Assert.Equal([Start.AddHours(1), Start.AddHours(2), Start.AddHours(3)], due.Select(c => c.DueAt));
    }

    [Fact]
    public void A_terminated_node_is_not_charged_after_its_end()
    {
        var node = Node(terminated: Start.AddMinutes(30), lastCharged: 0);
        Assert.Empty(HourlyBilling.Due(node, Start.AddDays(2)));
    }
}
