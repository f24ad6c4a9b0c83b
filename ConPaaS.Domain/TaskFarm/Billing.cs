namespace ConPaaS.Domain.TaskFarm;

/// <summary>Per-started-unit billing arithmetic, shared by the estimator, the controller and the simulator.</summary>
public static class Billing
{
    // Times are sums of doubles; a machine stopped "exactly" at the end of its unit must not be charged
    // a second unit because of the last bit of a rounding error.
    private const double Tolerance = 1e-6;

    /// <summary>Units paid for an uptime: a started unit counts in full; a machine that ran at all pays one.</summary>
    public static int Units(double uptimeSeconds, double unitSeconds)
    {
        if (uptimeSeconds <= Tolerance)
            return uptimeSeconds < 0 ? 0 : 1;
        return Math.Max(1, (int)Math.Ceiling(uptimeSeconds / unitSeconds - Tolerance));
    }

    /// <summary>The end of the paid unit that contains <paramref name="now"/> for a machine started at <paramref name="startedAt"/>.</summary>
    public static double UnitEnd(double startedAt, double now, double unitSeconds) =>
        startedAt + Units(now - startedAt, unitSeconds) * unitSeconds;
}
