namespace ConPaaS.Domain.Credits;

/// <summary>
/// A user's credit: the balance every started node hour is paid from, and since when it has been used up.
/// Every change of the balance goes with a <see cref="CreditEntry"/>, so the history explains the balance.
/// </summary>
public sealed class CreditAccount
{
    /// <summary>The largest balance an admin may set; keeps amounts well inside the database's decimal column.</summary>
    public const decimal MaxBalance = 1_000_000_000m;

    private CreditAccount() { }

    private CreditAccount(string userId, DateTimeOffset now)
    {
        UserId = userId;
        UpdatedAt = now;
    }

    public string UserId { get; private set; } = "";
    public decimal Balance { get; private set; }

    /// <summary>When the balance was first seen at or below zero; null while there is credit.</summary>
    public DateTimeOffset? OutOfCreditSince { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Changes on every save, so a charge and an admin's change cannot overwrite each other.</summary>
    public Guid ConcurrencyStamp { get; private set; } = Guid.NewGuid();

    public bool IsExhausted => Balance <= 0;

    public static (CreditAccount Account, CreditEntry Opening) Open(string userId, decimal defaultBalance, DateTimeOffset now)
    {
        var account = new CreditAccount(userId, now);
        var opening = CreditEntry.Opening(userId, defaultBalance, now);
        account.Apply(opening, now);
        return (account, opening);
    }

    /// <summary>Books a new entry (a charge, an adjustment, a notice) and records the balance after it.</summary>
    public void Apply(CreditEntry entry, DateTimeOffset now)
    {
        if (entry.UserId != UserId)
            throw new ArgumentException($"The entry belongs to {entry.UserId}, not to {UserId}.", nameof(entry));
        Balance += entry.Amount;
        entry.Settle(Balance);
        UpdatedAt = now;
        if (!IsExhausted)
            OutOfCreditSince = null;
        ConcurrencyStamp = Guid.NewGuid();
    }

    /// <summary>The admin's "set the balance to": an adjustment by the difference, so the history adds up.</summary>
    public CreditEntry SetBalance(decimal balance, string byWhom, DateTimeOffset now)
    {
        if (balance < 0)
            throw new Errors.InvalidInputException("balance", $"A balance cannot be negative (asked: {balance}).");
        if (balance > MaxBalance)
            throw new Errors.InvalidInputException("balance", $"A balance may be at most {MaxBalance} (asked: {balance}).");
        var entry = CreditEntry.Adjustment(UserId, balance - Balance, now, $"Balance set to {balance} by {byWhom}");
        Apply(entry, now);
        return entry;
    }

    /// <summary>Marks the moment the credit ran out; the grace period counts from here. Returns whether it is new.</summary>
    public bool MarkOutOfCredit(DateTimeOffset now)
    {
        if (!IsExhausted || OutOfCreditSince is not null)
            return false;
        OutOfCreditSince = now;
        UpdatedAt = now;
        ConcurrencyStamp = Guid.NewGuid();
        return true;
    }

    /// <summary>When running services are stopped, if the credit is not topped up before.</summary>
    public DateTimeOffset? StopsAt(TimeSpan gracePeriod) => OutOfCreditSince + gracePeriod;

    public bool StopIsDue(TimeSpan gracePeriod, DateTimeOffset now) => IsExhausted && StopsAt(gracePeriod) <= now;
}
