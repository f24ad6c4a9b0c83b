namespace ConPaaS.Infrastructure.Credits;

/// <summary>The <c>ConPaaS:Credits</c> settings.</summary>
public sealed class CreditOptions
{
    public const string Section = "ConPaaS:Credits";

    /// <summary>
    /// The balance every account opens with, the first admin's included: 50 credits is a thousand hours of
    /// the local cloud's small node, enough to try everything without an admin's help.
    /// </summary>
    public decimal Default { get; set; } = 50m;

    /// <summary>How long running services keep running after the balance reached zero, for a top-up to arrive.</summary>
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the charger books the node hours that began and enforces the grace period.</summary>
    public TimeSpan ChargeInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long after its termination a node is still looked at for hours it has not paid yet.</summary>
    public TimeSpan CatchUpWindow { get; set; } = TimeSpan.FromDays(7);
}
