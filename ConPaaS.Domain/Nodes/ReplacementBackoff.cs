namespace ConPaaS.Domain.Nodes;

/// <summary>
/// When a failed node may be replaced automatically: at once the first time, then 1, 2, 4 … times
/// <see cref="FirstDelay"/> after the previous replacement, and not at all once <see cref="MaxPerHour"/>
/// replacements began within the last hour: a replacement that cannot start would otherwise start (and be
/// charged) again and again.
/// </summary>
public sealed record ReplacementBackoff(TimeSpan FirstDelay, int MaxPerHour)
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    /// <param name="earlier">When the service's earlier automatic replacements began (any order, any age).</param>
    public ReplacementDecision Decide(IEnumerable<DateTimeOffset> earlier, DateTimeOffset now)
    {
        var recent = earlier.Where(at => at > now - Window).Order().ToList();
        if (recent.Count == 0)
            return ReplacementDecision.Now;
        if (recent.Count >= MaxPerHour)
        {
            var resumesAt = recent[^MaxPerHour] + Window;
            return ReplacementDecision.Paused(resumesAt,
                $"Automatic replacement is paused until {resumesAt:HH:mm} UTC: {recent.Count} replacements began within the last hour and the service still has a failed node. Look at the node's log, then replace it by hand or fix the cause.");
        }
        var wait = FirstDelay * Math.Pow(2, recent.Count - 1);
        var next = recent[^1] + wait;
        return next <= now ? ReplacementDecision.Now : ReplacementDecision.WaitUntil(next);
    }
}

/// <summary>What <see cref="ReplacementBackoff"/> decided: replace now, wait until a time, or pause with the reason.</summary>
public sealed record ReplacementDecision(bool Replace, DateTimeOffset? NotBefore, string? PausedBecause)
{
    public static readonly ReplacementDecision Now = new(true, null, null);

    public static ReplacementDecision WaitUntil(DateTimeOffset at) => new(false, at, null);

    public static ReplacementDecision Paused(DateTimeOffset until, string reason) => new(false, until, reason);
}
