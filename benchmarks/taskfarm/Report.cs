using ConPaaS.Domain.TaskFarm.Simulation;

namespace ConPaaS.Benchmarks.TaskFarm;

/// <summary>Prints one table of figures per workload and pick, with BaTS's figures as ratios to each baseline.</summary>
internal static class Report
{
    public static void Print(string title, string bats, Dictionary<string, List<SimulationResult>> runs, List<decimal> budgets)
    {
        Console.WriteLine();
        Console.WriteLine($"== {title} ==");
        Console.WriteLine($"{"strategy",-24} {"over budget",11} {"unfinished",10} {"|err| med",9} {"|err| p90",9} {"err med",8} {"covered",8} {"M/LB med",8} {"M/LB p90",8} {"makespan h",10} {"cost",8} {"sampl. time",11} {"sampl. cost",11}");
        var figures = runs.ToDictionary(r => r.Key, r => Figures.Of(r.Value, budgets));
        foreach (var (name, f) in figures)
        {
            Console.WriteLine($"{name,-24} {f.OverBudget,11:P1} {f.Unfinished,10:P1} {Pct(f.ErrorMedian),9} {Pct(f.ErrorP90),9} {Pct(f.SignedErrorMedian),8} {Pct(f.Coverage),8} {f.OverLowerBoundMedian,8:0.000} {f.OverLowerBoundP90,8:0.000} {f.MakespanHours,10:0.00} {f.Cost,8:0.0} {f.SamplingTime,11:P1} {f.SamplingCost,11:P1}");
        }
        var batsRuns = runs[bats];
        Console.WriteLine($"  {bats}: replicas {batsRuns.Average(r => r.Replicas):0.0} per run ({batsRuns.Average(r => r.ReplicasWon):0.0} won), " +
            $"tasks restarted {batsRuns.Average(r => r.TasksRestarted):0.0}, machines {batsRuns.Average(r => r.MachinesStarted):0.0}, " +
            $"sampling {batsRuns.Average(r => r.SamplingSeconds) / 3600:0.00} h and {batsRuns.Average(r => (double)r.SamplingCost):0.0}, " +
            $"first estimate from {batsRuns.Where(r => r.Model is not null).Average(r => r.Model!.ObservationCount):0} runs");
        var mine = figures[bats];
        foreach (var (name, f) in figures.Where(f => f.Key != bats))
        {
            Console.WriteLine($"  {bats} / {name}: makespan {Ratio(mine.MakespanHours, f.MakespanHours)}, cost {Ratio(mine.Cost, f.Cost)}, " +
                $"M/LB {Ratio(mine.OverLowerBoundMedian, f.OverLowerBoundMedian)}, over-budget rate {Ratio(mine.OverBudget, f.OverBudget)}");
        }
    }

    private static string Pct(double? v) => v is { } x ? x.ToString("P1") : "n/a";

    private static string Ratio(double a, double b) => b == 0 ? (a == 0 ? "0/0" : "inf") : (a / b).ToString("0.000");
}

internal sealed record Figures(
    double OverBudget, double Unfinished, double? ErrorMedian, double? ErrorP90, double? SignedErrorMedian, double? Coverage,
    double OverLowerBoundMedian, double OverLowerBoundP90, double MakespanHours, double Cost, double SamplingTime, double SamplingCost)
{
    public static Figures Of(List<SimulationResult> runs, List<decimal> budgets)
    {
        var withEstimate = runs.Where(r => r.Chosen is not null && r.Completed).ToList();
        var errors = withEstimate.Select(r => Math.Abs(r.EstimateError!.Value)).Order().ToList();
        var signed = withEstimate.Select(r => r.EstimateError!.Value).Order().ToList();
        var overLb = runs.Select(r => r.OverLowerBound).Order().ToList();
        return new Figures(
            runs.Zip(budgets).Count(p => p.First.Cost > p.Second) / (double)runs.Count,
            runs.Count(r => !r.Completed) / (double)runs.Count,
            errors.Count > 0 ? Quantile(errors, 0.5) : null,
            errors.Count > 0 ? Quantile(errors, 0.9) : null,
            signed.Count > 0 ? Quantile(signed, 0.5) : null,
            withEstimate.Count > 0 ? withEstimate.Count(r => r.WithinUpperBound == true) / (double)withEstimate.Count : null,
            Quantile(overLb, 0.5),
            Quantile(overLb, 0.9),
            runs.Average(r => r.Makespan) / 3600,
            (double)runs.Average(r => r.Cost),
            runs.Average(r => r.SamplingSeconds / r.Makespan),
            (double)runs.Average(r => r.Cost == 0 ? 0 : r.SamplingCost / r.Cost));
    }

    private static double Quantile(List<double> sorted, double q)
    {
        double pos = q * (sorted.Count - 1);
        int lo = (int)Math.Floor(pos), hi = (int)Math.Ceiling(pos);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }
}
