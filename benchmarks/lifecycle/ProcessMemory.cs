using System.Globalization;

namespace ConPaaS.Benchmarks.Lifecycle;

/// <summary>
/// What a process holds in memory, from <c>/proc</c>: resident set (VmRSS) and its anonymous part (RssAnon: heap,
/// stacks, JIT code; private to the process) from <c>status</c>, proportional set size (Pss: shared pages split
/// between the processes that map them) from <c>smaps_rollup</c>. All in MiB.
/// </summary>
public sealed record ProcessMemory(double RssMiB, double RssAnonMiB, double PssMiB)
{
    public static ProcessMemory Read(int pid)
    {
        var status = Fields($"/proc/{pid}/status");
        var rollup = Fields($"/proc/{pid}/smaps_rollup");
        return new ProcessMemory(status["VmRSS"] / 1024.0, status["RssAnon"] / 1024.0, rollup["Pss"] / 1024.0);
    }

    public static ProcessMemory Median(IReadOnlyList<ProcessMemory> samples) => new(
        Stats.Median(samples.Select(s => s.RssMiB)),
        Stats.Median(samples.Select(s => s.RssAnonMiB)),
        Stats.Median(samples.Select(s => s.PssMiB)));

    /// <summary>"Name:   1234 kB" lines as name → kB.</summary>
    private static Dictionary<string, long> Fields(string path)
    {
        var fields = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
                continue;
            var parts = line[(colon + 1)..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && parts[1] == "kB" && long.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var kb))
                fields[line[..colon]] = kb;
        }
        return fields;
    }
}

public static class Stats
{
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
            return double.NaN;
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
