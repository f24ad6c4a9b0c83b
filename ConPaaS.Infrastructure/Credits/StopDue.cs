namespace ConPaaS.Infrastructure.Credits;

/// <summary>A service whose owner's credit ran out longer than the grace period ago, and that still runs.</summary>
public sealed record StopDue(string OwnerId, int ServiceId, string ServiceName);

/// <summary>What one round of the charger did.</summary>
public sealed record ChargeRound(int HoursCharged, IReadOnlyList<string> NewlyOutOfCredit, IReadOnlyList<StopDue> StopsDue);

/// <summary>A user's balance and, when it is used up, since when and when their running services stop.</summary>
public sealed record CreditStanding(decimal Balance, DateTimeOffset? OutOfCreditSince, DateTimeOffset? StopsAt)
{
    public bool IsExhausted => Balance <= 0;
}
