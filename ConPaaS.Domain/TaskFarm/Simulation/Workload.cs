using MathNet.Numerics.Distributions;

namespace ConPaaS.Domain.TaskFarm.Simulation;

/// <summary>The task-runtime distributions of TASKFARM.md §5.</summary>
public enum WorkloadKind
{
    /// <summary>μ = 15 min, σ = √5 min.</summary>
    Normal,

    /// <summary>Lévy with scale 720 s, truncated at 2700 s: mean ≈ 887 s, sd ≈ 668 s, heavy right tail.</summary>
    LevyTruncated,

    /// <summary>A mixture of three normal modes: mean ≈ 477 s, sd ≈ 383 s.</summary>
    Multimodal,
}

/// <summary>Synthetic bags: base runtimes (seconds on a speed-1 machine), reproducible from a seed.</summary>
public static class Workload
{
    public const double LevyScale = 720;
    public const double LevyMax = 2700;

    // Mixture modes (weight, mean, sd), chosen to give mean ≈ 477 s and sd ≈ 383 s.
    private static readonly (double Weight, double Mean, double Sd)[] Modes =
        [(0.45, 145, 50), (0.35, 535, 100), (0.20, 1130, 150)];

    /// <summary>Shortest task: a command takes at least a second.</summary>
    private const double MinSeconds = 1;

    public static double[] Generate(WorkloadKind kind, int count, int seed)
    {
        var random = new Random(seed);
        var times = new double[count];
        for (int i = 0; i < count; i++)
            times[i] = Math.Max(MinSeconds, Draw(kind, random));
        return times;
    }

    private static double Draw(WorkloadKind kind, Random random) => kind switch
    {
        WorkloadKind.Normal => Normal.Sample(random, 900, Math.Sqrt(5) * 60),
        WorkloadKind.LevyTruncated => Levy(random),
        WorkloadKind.Multimodal => Mixture(random),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static double Levy(Random random)
    {
        // Lévy(0, c) is c / Z² with Z standard normal; truncation by rejection keeps the shape below the cap.
        while (true)
        {
            double z = Normal.Sample(random, 0, 1);
            double x = LevyScale / (z * z);
            if (x <= LevyMax)
                return x;
        }
    }

    private static double Mixture(Random random)
    {
        double u = random.NextDouble(), acc = 0;
        foreach (var (w, m, s) in Modes)
        {
            acc += w;
            if (u <= acc)
                return Normal.Sample(random, m, s);
        }
        var last = Modes[^1];
        return Normal.Sample(random, last.Mean, last.Sd);
    }
}
