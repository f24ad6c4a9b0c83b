namespace ConPaaS.Domain.TaskFarm;

/// <summary>
/// Candidate configurations when there are too many to enumerate: a bounded knapsack over the hourly cost
/// rate that keeps, for every rate, the configuration of highest throughput. With one billing unit for all
/// types a higher throughput at the same rate is never slower nor dearer, so this loses nothing but the
/// rounding of rates into buckets (and, with mixed billing units, some exactness of the cost).
/// </summary>
internal static class KnapsackSearch
{
    public static IEnumerable<Schedule> Candidates(ScheduleEstimator estimator)
    {
        var types = estimator.Types;
        var rates = types.Select(t => (double)t.PricePerUnit / t.BillingUnitSeconds * 3600).ToArray();
        double maxRate = types.Select((t, i) => t.MaxMachines * rates[i]).Sum();
        int buckets = Math.Max(1, estimator.Options.KnapsackBuckets);
        double scale = maxRate > 0 ? buckets / maxRate : 1;

        // Binary splitting turns "0..max machines of type i" into 0/1 items of 1, 2, 4, … machines.
        var items = new List<(int Type, int Count, int Weight, double Gain)>();
        for (int i = 0; i < types.Count; i++)
        {
            int left = types[i].MaxMachines;
            for (int c = 1; left > 0; c *= 2)
            {
                int take = Math.Min(c, left);
                left -= take;
                items.Add((i, take, (int)Math.Round(take * rates[i] * scale), take / estimator.MeanOf(i)));
            }
        }

        int states = items.Sum(it => it.Weight) + 1;
        var best = new double[states];
        Array.Fill(best, double.NegativeInfinity);
        best[0] = 0;
        var taken = new bool[items.Count][];
        for (int k = 0; k < items.Count; k++)
        {
            var (_, _, w, g) = items[k];
            taken[k] = new bool[states];
            for (int s = states - 1; s >= w; s--)
            {
                double with = best[s - w] + g;
                if (with > best[s])
                {
                    best[s] = with;
                    taken[k][s] = true;
                }
            }
        }

        for (int s = 0; s < states; s++)
        {
            if (double.IsNegativeInfinity(best[s]) || best[s] <= 0)
                continue;
            var counts = new int[types.Count];
            int state = s;
            for (int k = items.Count - 1; k >= 0; k--)
            {
                if (!taken[k][state])
                    continue;
                counts[items[k].Type] += items[k].Count;
                state -= items[k].Weight;
            }
            yield return estimator.Evaluate(counts);
        }
    }
}
