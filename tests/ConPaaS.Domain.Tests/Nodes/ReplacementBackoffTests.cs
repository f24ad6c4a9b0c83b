using ConPaaS.Domain.Nodes;

namespace ConPaaS.Domain.Tests.Nodes;

public sealed class ReplacementBackoffTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 8, 10, 0, 0, TimeSpan.Zero);
    private readonly ReplacementBackoff _backoff = new(TimeSpan.FromMinutes(1), MaxPerHour: 4);

    [Fact]
    public void The_first_replacement_is_at_once() => Assert.True(_backoff.Decide([], Start).Replace);

    [Fact]
    public void Each_further_replacement_waits_twice_as_long_as_the_one_before()
    {
        DateTimeOffset[] earlier = [Start, Start.AddMinutes(1), Start.AddMinutes(3)];

        var early = _backoff.Decide(earlier, Start.AddMinutes(6));
        var due = _backoff.Decide(earlier, Start.AddMinutes(7));

        Assert.False(early.Replace);
        Assert.Equal(Start.AddMinutes(7), early.NotBefore); // 1, 2, then 4 minutes
        Assert.True(due.Replace);
    }

    [Fact]
    public void Past_the_hourly_limit_replacement_pauses_and_says_until_when_and_why()
    {
        DateTimeOffset[] earlier = [Start, Start.AddMinutes(1), Start.AddMinutes(3), Start.AddMinutes(7)];

        var paused = _backoff.Decide(earlier, Start.AddMinutes(30));

        Assert.False(paused.Replace);
        Assert.Equal(Start.AddHours(1), paused.NotBefore);
        Assert.Contains("paused until 11:00 UTC", paused.PausedBecause);
        Assert.Contains("4 replacements began within the last hour", paused.PausedBecause);
    }

    [Fact]
    public void Replacements_older_than_an_hour_no_longer_count()
    {
        DateTimeOffset[] earlier = [Start, Start.AddMinutes(1), Start.AddMinutes(3), Start.AddMinutes(7)];

        Assert.True(_backoff.Decide(earlier, Start.AddMinutes(125)).Replace);
    }
}
