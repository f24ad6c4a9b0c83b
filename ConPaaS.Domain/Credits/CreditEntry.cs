namespace ConPaaS.Domain.Credits;

/// <summary>
/// One line of a user's credit history. A charge names its node and the hour of the node's uptime it pays for;
/// that pair is unique in the database, so a charger that runs twice (a restart, two portals) cannot charge twice.
/// </summary>
public sealed class CreditEntry
{
    private CreditEntry() { }

    private CreditEntry(string userId, CreditEntryKind kind, DateTimeOffset at, decimal amount, string? note)
    {
        UserId = userId;
        Kind = kind;
        At = at;
        Amount = amount;
        Note = note;
    }

    public long Id { get; private set; }
    public string UserId { get; private set; } = "";
    public CreditEntryKind Kind { get; private set; }
    public DateTimeOffset At { get; private set; }

    /// <summary>Signed: a charge is negative, an opening positive, an adjustment either.</summary>
    public decimal Amount { get; private set; }

    public decimal BalanceAfter { get; private set; }

    public int? NodeId { get; private set; }

    /// <summary>Which hour of the node's uptime a charge pays for: 0 is the hour that began when it started.</summary>
    public int? HourIndex { get; private set; }

    public int Hours { get; private set; }
    public int? ServiceId { get; private set; }

    /// <summary>Kept as it was, so the history reads right after the service is renamed or deleted.</summary>
    public string? ServiceName { get; private set; }

    public string? Cloud { get; private set; }
    public string? InstanceType { get; private set; }
    public string? Note { get; private set; }

    public static CreditEntry Opening(string userId, decimal balance, DateTimeOffset at) =>
        new(userId, CreditEntryKind.Opening, at, balance, "Default balance of a new account") { BalanceAfter = balance };

    public static CreditEntry Charge(string userId, HourCharge charge) =>
        new(userId, CreditEntryKind.Charge, charge.DueAt, -charge.Price, null)
        {
            NodeId = charge.Node.NodeId,
            HourIndex = charge.HourIndex,
            Hours = 1,
            ServiceId = charge.Node.ServiceId,
            ServiceName = charge.Node.ServiceName,
            Cloud = charge.Node.Cloud,
            InstanceType = charge.Node.InstanceType,
        };

    public static CreditEntry Adjustment(string userId, decimal amount, DateTimeOffset at, string note) =>
        new(userId, CreditEntryKind.Adjustment, at, amount, note);

    public static CreditEntry Warning(string userId, DateTimeOffset at, string note) =>
        new(userId, CreditEntryKind.Warning, at, 0, note);

    public static CreditEntry ServiceStopped(string userId, int serviceId, string serviceName, DateTimeOffset at) =>
        new(userId, CreditEntryKind.ServiceStopped, at, 0, "Stopped: the credit ran out")
        {
            ServiceId = serviceId,
            ServiceName = serviceName,
        };

    internal void Settle(decimal balanceAfter) => BalanceAfter = balanceAfter;
}
