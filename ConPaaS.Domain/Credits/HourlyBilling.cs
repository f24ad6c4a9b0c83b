namespace ConPaaS.Domain.Credits;

/// <summary>
/// The original ConPaaS rule: a node is charged at the start of every hour of its uptime, so any started hour
/// is paid in full (a node that ran 61 minutes costs two hours) and a node is paid for as soon as it starts.
/// </summary>
public static class HourlyBilling
{
    public static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    /// <summary>
    /// How many hours of the node's uptime have begun by <paramref name="now"/>: hour k begins at
    /// <c>startedAt + k hours</c>, and counts while the node still ran at that instant (a node terminated at
    /// exactly one hour has used one hour, not two). A node that started is always due its first hour.
    /// </summary>
    public static int HoursStarted(DateTimeOffset startedAt, DateTimeOffset? terminatedAt, DateTimeOffset now)
    {
        if (now < startedAt)
            return 0;
        if (terminatedAt is { } end && end <= now)
            return Math.Max(1, (int)Math.Ceiling((end - startedAt) / Hour));
        return (int)Math.Floor((now - startedAt) / Hour) + 1;
    }

    /// <summary>The hours of the node that are due by now and not charged yet, oldest first.</summary>
    public static IReadOnlyList<HourCharge> Due(NodeUsage node, DateTimeOffset now)
    {
        var started = HoursStarted(node.StartedAt, node.TerminatedAt, now);
        var first = (node.LastChargedHour ?? -1) + 1;
        var due = new List<HourCharge>();
        for (var hour = first; hour < started; hour++)
            due.Add(new HourCharge(node, hour, node.StartedAt + hour * Hour, node.PricePerHour));
        return due;
    }
}
