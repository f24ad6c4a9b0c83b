namespace ConPaaS.Domain.TaskFarm;

/// <summary>Searches in runtimes sorted ascending (the runtime model's lengths and the tail's distributions).</summary>
internal static class SortedLengths
{
    /// <summary>How many of <paramref name="sorted"/> are at most <paramref name="value"/>: the index of the first longer one.</summary>
    public static int CountAtMost(IReadOnlyList<double> sorted, double value)
    {
        int lo = 0, hi = sorted.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= value)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }
}
