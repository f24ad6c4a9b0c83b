using System.Diagnostics;
using System.Globalization;
using ConPaaS.Benchmarks.TaskFarm;
using ConPaaS.Domain.TaskFarm;
using ConPaaS.Domain.TaskFarm.Simulation;

// TaskFarm benchmark (TASKFARM.md §5): BaTS against round-robin, cheapest-only and fastest-only on
// synthetic bags, N tasks, three machine types. Usage: run.sh [--seeds 100] [--first-seed 1] [--tasks 1000] [--tail 0.5]
// [--workload Multimodal] [--pick "BaTS fastest"] [--csv runs.csv] (the filters and the per-run CSV are for development)
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

int seeds = Arg("--seeds", 100);
// Seeds first..first+seeds-1; develop on other seeds than the reported ones (1..100) so nothing is tuned to them.
int firstSeed = Arg("--first-seed", 1);
int tasks = Arg("--tasks", 1000);
double tail = Arg("--tail", ScheduleOptions.Default.TailFactor);
int spm = Arg("--samples-per-machine", SimulationOptions.Default.SamplesPerSamplingMachine);
var types = SimulatedType.PaperTypes();
var options = SimulationOptions.Default with
{
    Schedule = ScheduleOptions.Default with { TailFactor = tail },
    SamplesPerSamplingMachine = spm,
};
var picks = new (string Name, SimulationOptions Options)[]
{
    ("BaTS fastest", options with { Pick = ScheduleMarks.Fastest }),
    ("BaTS fastest, safe", options with { Pick = ScheduleMarks.Fastest, BudgetAtUpperBound = true }),
    ("BaTS cheapest+20%", options with { Pick = ScheduleMarks.CheapestPlus20 }),
    ("BaTS cheapest+20%, safe", options with { Pick = ScheduleMarks.CheapestPlus20, BudgetAtUpperBound = true }),
};
string? workloadFilter = TextArg("--workload");
string? pickFilter = TextArg("--pick");
string? csvPath = TextArg("--csv");
using var csv = csvPath is null ? null : new StreamWriter(csvPath);
csv?.WriteLine("workload,pick,seed,completed,over_budget,m_over_lb,err,covered,makespan_s,cost,budget,replicas,replicas_won");

Console.WriteLine($"TaskFarm benchmark: N = {tasks}, {seeds} seeds per workload, types " +
    string.Join(", ", types.Select(t => $"{t.Type.Name} (speed {t.Speed}, {t.Type.PricePerUnit:0}/h, max {t.Type.MaxMachines})")) +
    $", tail factor {tail}, confidence {options.Schedule.Confidence:P0}, seeds {firstSeed}..{firstSeed + seeds - 1}");
Console.WriteLine("Budget = sampling spend + the picked schedule's expected (mean) cost (\"safe\": its cost at the upper-bound makespan);");
Console.WriteLine("baselines are checked against the same budget. Errors and bounds concern the execution phase: err = (time from the");
Console.WriteLine("end of sampling to the last task's end − the picked schedule's expected makespan, estimated when sampling ended) / that estimate.");
var clock = Stopwatch.StartNew();

foreach (var kind in Enum.GetValues<WorkloadKind>().Where(k => workloadFilter is null || k.ToString() == workloadFilter))
{
    foreach (var (pickName, pickOptions) in picks.Where(p => pickFilter is null || p.Name == pickFilter))
    {
        var runs = new Dictionary<string, List<SimulationResult>>
        {
            [pickName] = [], ["round-robin"] = [], ["cheapest-only"] = [], ["fastest-only"] = [],
        };
        var budgets = new List<decimal>();
        for (int seed = firstSeed; seed < firstSeed + seeds; seed++)
        {
            var bag = Workload.Generate(kind, tasks, seed);
            var bats = FarmSimulator.Run(bag, types, seed, pickOptions);
            runs[pickName].Add(bats);
            budgets.Add(bats.Budget!.Value);
            csv?.WriteLine(string.Join(',', kind, $"\"{pickName}\"", seed, bats.Completed, bats.OverBudget, bats.OverLowerBound.ToString("R"),
                bats.EstimateError?.ToString("R"), bats.WithinUpperBound, bats.Makespan.ToString("R"), bats.Cost, bats.Budget, bats.Replicas, bats.ReplicasWon));
            runs["round-robin"].Add(Baselines.RoundRobin(bag, types));
            runs["cheapest-only"].Add(Baselines.CheapestOnly(bag, types));
            runs["fastest-only"].Add(Baselines.FastestOnly(bag, types));
        }
        Report.Print($"{kind}, {pickName}", pickName, runs, budgets);
    }
}
Console.WriteLine($"Done in {clock.Elapsed.TotalSeconds:0.0} s.");

string? TextArg(string name)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

T Arg<T>(string name, T fallback) where T : IParsable<T>
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? T.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}
