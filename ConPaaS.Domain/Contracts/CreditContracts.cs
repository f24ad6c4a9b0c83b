namespace ConPaaS.Domain.Contracts;

/// <summary>
/// A user's credit: the balance, what their running nodes cost per hour now, and, once the balance is used up,
/// since when and when their running services stop. <paramref name="History"/> is newest first.
/// </summary>
public sealed record CreditDto(
    string UserName,
    decimal Balance,
    decimal HourlyBurn,
    DateTimeOffset? OutOfCreditSince,
    DateTimeOffset? StopsAt,
    IReadOnlyList<CreditEntryDto> History);

/// <summary>One line of the credit history; a charge names its node, the hour of its uptime and the service.</summary>
public sealed record CreditEntryDto(
    long Id, DateTimeOffset At, string Kind, decimal Amount, decimal BalanceAfter,
    int? NodeId, int? HourIndex, int Hours, int? ServiceId, string? ServiceName, string? Cloud, string? InstanceType, string? Note);

/// <summary>An admin's "set this user's balance to".</summary>
public sealed record SetCreditRequest(decimal? Balance);

public sealed record UserCreditDto(string UserName, decimal Balance, DateTimeOffset? OutOfCreditSince);
