namespace ConPaaS.Domain.Credits;

/// <summary>What a line of a user's credit history records.</summary>
public enum CreditEntryKind
{
    /// <summary>The default balance a new account opens with.</summary>
    Opening,

    /// <summary>One started hour of one node, at its instance type's price.</summary>
    Charge,

    /// <summary>An admin set the balance.</summary>
    Adjustment,

    /// <summary>The balance reached zero: running services stop after the grace period (no amount).</summary>
    Warning,

    /// <summary>A running service was stopped because the credit ran out (no amount).</summary>
    ServiceStopped,
}
