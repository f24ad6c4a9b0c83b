namespace ConPaaS.Infrastructure.Credits;

/// <summary>A service whose owner's credit ran out longer than the grace period ago, and that still runs.</summary>
public sealed record StopDue(string OwnerId, int ServiceId, string ServiceName);

/// <summary>What one round of the charger did.</summary>
public sealed record ChargeRound(int HoursCharged, IReadOnlyList<string> NewlyOutOfCredit, IReadOnlyList<StopDue> StopsDue);
