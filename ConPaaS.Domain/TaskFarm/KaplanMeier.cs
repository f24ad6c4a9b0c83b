namespace ConPaaS.Domain.TaskFarm;

/// <summary>
/// The Kaplan–Meier (product-limit) estimate of the runtime distribution from finished runs and runs seen
/// unfinished. A sampling machine that uses up its paid hour finishes the short tasks it takes and leaves the
/// long ones running (or is stopped in them): counting only the finished ones would make the bag look short,
/// dropping them all wastes what they say. An unfinished run says "longer than this", and the product-limit
/// estimate uses exactly that, without assuming a shape. It is unbiased as long as when a run is cut off does
/// not depend on its own length (a machine takes a task before its length is known, and stops at the end of
/// its paid unit).
/// </summary>
public static class KaplanMeier
{
    /// <summary>
    /// The finished lengths, sorted, with the probability of each. Mass left after the longest finished run
    /// (when the longest observation is unfinished) is put on that longest unfinished observation, the usual
    /// (Efron) completion: its true length is unknown and at least that.
    /// </summary>
    public static (double[] Lengths, double[] Weights) Estimate(IEnumerable<double> finished, IEnumerable<double> unfinished)
    {
        var runs = finished.Select(x => (Length: x, Finished: true))
            .Concat(unfinished.Select(x => (Length: x, Finished: false)))
            // At a tie a finished run comes first: a run cut off at t was still running at t.
            .OrderBy(r => r.Length).ThenBy(r => r.Finished ? 0 : 1)
            .ToArray();
        var lengths = new List<double>();
        var weights = new List<double>();
        double survival = 1;
        for (int i = 0; i < runs.Length; i++)
        {
            // The last run takes all the mass left (at risk: 1), finished or not.
            if (!runs[i].Finished && i < runs.Length - 1)
                continue;
            double mass = survival / (runs.Length - i);
            survival -= mass;
            lengths.Add(runs[i].Length);
            weights.Add(mass);
        }
        return (lengths.ToArray(), weights.ToArray());
    }
}
