using System.Globalization;
using ConPaaS.Domain.Errors;

namespace ConPaaS.Domain.TaskFarm;

/// <summary>
/// The Pareto front of (expected makespan, expected cost) over all configurations: no point on it is both
/// slower and dearer than another. Points are ordered from the cheapest (slowest) to the fastest (dearest).
/// </summary>
public sealed class ScheduleFront
{
    private ScheduleFront(IReadOnlyList<Schedule> points, bool enumerated)
    {
        Points = points;
        Enumerated = enumerated;
    }

    public IReadOnlyList<Schedule> Points { get; }

    /// <summary>True when every configuration was evaluated; false when the knapsack search was used.</summary>
    public bool Enumerated { get; }

    public Schedule Cheapest => Points[0];

    public Schedule Fastest => Points[^1];

    public Schedule this[ScheduleMarks mark] => Points.First(p => p.Marks.HasFlag(mark));

    public static ScheduleFront Build(ScheduleEstimator estimator)
    {
        var types = estimator.Types;
        double space = types.Aggregate(1.0, (acc, t) => acc * (t.MaxMachines + 1)) - 1;
        bool enumerate = space <= estimator.Options.EnumerationLimit;
        var candidates = enumerate ? Enumerate(estimator) : KnapsackSearch.Candidates(estimator);
        return new ScheduleFront(Mark(ParetoOf(candidates)), enumerate);
    }

    /// <summary>
    /// The fastest schedule a typed budget pays for: the fastest whose upper-bound cost fits, so the run keeps to
    /// its stated confidence; failing that, the fastest whose expected cost fits, which the controller holds to the
    /// budget at the price of ending later than its upper bound when the bag runs long.
    /// </summary>
    /// <exception cref="InvalidInputException">The budget is below the cheapest schedule; the message says what that costs.</exception>
    public Schedule FastestWithin(decimal budget)
    {
        var best = FastestPaidFor(Points, budget, p => p.ExpectedCost, p => p.UpperCost, p => p.ExpectedMakespan);
        return best ?? throw new InvalidInputException("budget", BelowCheapest(budget, Cheapest.ExpectedCost, Cheapest.UpperCost, Cheapest.MachineCount, Cheapest.ExpectedMakespan));
    }

    /// <summary>
    /// The rule of <see cref="FastestWithin"/> over any form of the points (the portal keeps the offered front as
    /// it was sent), or null when the budget buys none.
    /// </summary>
    public static T? FastestPaidFor<T>(IReadOnlyList<T> points, decimal budget,
        Func<T, decimal> expectedCost, Func<T, decimal> upperCost, Func<T, double> expectedMakespan) where T : class =>
        points.Where(p => upperCost(p) <= budget).MinBy(expectedMakespan)
        ?? points.Where(p => expectedCost(p) <= budget).MinBy(expectedMakespan);

    /// <summary>Why a budget buys no schedule, in words shared with the portal's copy of the front.</summary>
    public static string BelowCheapest(decimal budget, decimal expectedCost, decimal upperCost, int machines, double expectedSeconds) =>
        string.Format(CultureInfo.InvariantCulture,
            "A budget of {0:0.00} is below the cheapest schedule, which costs {1:0.00} ({2} machine(s), about {3:0.0} h){4}.",
            budget, expectedCost, machines, expectedSeconds / 3600,
            upperCost > expectedCost ? string.Format(CultureInfo.InvariantCulture, "; {0:0.00} keeps it within its upper bound", upperCost) : "");

    private static Schedule? FastestExpectedWithin(IReadOnlyList<Schedule> points, decimal budget)
    {
        // Costs rise and makespans fall along the front, so the last affordable point is the fastest.
        Schedule? best = null;
        foreach (var p in points)
        {
            if (p.ExpectedCost > budget)
                break;
            best = p;
        }
        return best;
    }

    private static IEnumerable<Schedule> Enumerate(ScheduleEstimator estimator)
    {
        var max = estimator.Types.Select(t => t.MaxMachines).ToArray();
        var counts = new int[max.Length];
        while (true)
        {
            int i = 0;
            while (i < counts.Length && counts[i] == max[i])
                counts[i++] = 0;
            if (i == counts.Length)
                yield break;
            counts[i]++;
            yield return estimator.Evaluate(counts);
        }
    }

    internal static List<Schedule> ParetoOf(IEnumerable<Schedule> candidates)
    {
        // Makespans are compared to the second: finer differences are bisection noise, and between
        // near-equal points the one with the lower upper bound is the safer pick.
        var sorted = candidates
            .OrderBy(s => s.ExpectedCost)
            .ThenBy(s => Math.Round(s.ExpectedMakespan))
            .ThenBy(s => s.UpperMakespan)
            .ThenBy(s => s.MachineCount);
        var front = new List<Schedule>();
        foreach (var s in sorted)
        {
            // Same cost and not faster, or dearer and not faster: dominated.
            if (front.Count > 0 && Math.Round(s.ExpectedMakespan) >= Math.Round(front[^1].ExpectedMakespan))
                continue;
            front.Add(s);
        }
        return front;
    }

    private static List<Schedule> Mark(List<Schedule> front)
    {
        if (front.Count == 0)
            throw new InvalidOperationException("No configuration to choose from.");
        var marks = new ScheduleMarks[front.Count];
        void Add(Schedule? s, ScheduleMarks m)
        {
            if (s is not null)
                marks[front.IndexOf(s)] |= m;
        }
        decimal cheapest = front[0].ExpectedCost, fastest = front[^1].ExpectedCost;
        Add(front[0], ScheduleMarks.Cheapest);
        Add(FastestExpectedWithin(front, cheapest * 1.1m), ScheduleMarks.CheapestPlus10);
        Add(FastestExpectedWithin(front, cheapest * 1.2m), ScheduleMarks.CheapestPlus20);
        Add(front[^1], ScheduleMarks.Fastest);
        Add(FastestExpectedWithin(front, fastest * 0.9m) ?? front[0], ScheduleMarks.FastestMinus10);
        Add(FastestExpectedWithin(front, fastest * 0.8m) ?? front[0], ScheduleMarks.FastestMinus20);
        return front.Select((s, i) => s with { Marks = marks[i] }).ToList();
    }
}
