using System.Globalization;
using ConPaaS.Domain.Contracts;
using MudBlazor;
using MudBlazor.Charts;

namespace ConPaaS.Portal.Components.Services.TaskFarm;

/// <summary>
/// The schedules as a MudBlazor scatter plot: per schedule a point at its expected time and cost and a line from
/// there to its upper bound, two series each, so a click on a point (the chart reports the series) names the
/// schedule. The chart's tick spacing must be a whole number, so time is shown in the unit that gives it at least
/// ten (seconds, minutes or hours) and cost is plotted scaled by a power of ten and labelled back in money.
/// </summary>
public sealed class ScheduleChart
{
    private const string Plain = "#1976d2", PlainBound = "#90caf9", Marked = "#d32f2f", MarkedBound = "#ef9a9a";
    private readonly IReadOnlyList<TaskFarmScheduleDto> _schedules;

    public ScheduleChart(IReadOnlyList<TaskFarmScheduleDto> schedules)
    {
        _schedules = schedules;
        double maxSeconds = schedules.Count == 0 ? 0 : schedules.Max(s => Math.Max(s.ExpectedSeconds, s.UpperSeconds));
        double maxCost = schedules.Count == 0 ? 0 : schedules.Max(s => (double)Math.Max(s.ExpectedCost, s.UpperCost));
        (SecondsPerUnit, TimeUnit) = maxSeconds < 600 ? (1.0, "s") : maxSeconds < 36_000 ? (60.0, "min") : (3600.0, "h");
        CostScale = maxCost > 0 ? Math.Pow(10, 1 - Math.Floor(Math.Log10(maxCost))) : 1;

        var palette = new List<string>();
        var overrides = new Dictionary<IChartSeries, SeriesDisplayOverride>();
        foreach (var schedule in schedules)
        {
            bool marked = schedule.Marks != "None";
            var expected = Point(schedule.ExpectedSeconds, schedule.ExpectedCost);
            Series.Add(new ChartSeries<double> { Name = $"#{schedule.Index}", Data = new ChartData<double>([expected]) });
            var bound = new ChartSeries<double>
            {
                Name = $"#{schedule.Index} upper bound",
                Data = new ChartData<double>([expected, Point(schedule.UpperSeconds, schedule.UpperCost)]),
            };
            Series.Add(bound);
            overrides[bound] = new ScatterSeriesDisplayOverride { ScatterSeriesType = ScatterSeriesType.Line };
            palette.Add(marked ? Marked : Plain);
            palette.Add(marked ? MarkedBound : PlainBound);
        }
        Options = new ScatterPlotChartOptions
        {
            ShowLegend = false,
            ShowToolTips = false,
            ChartPalette = [.. palette],
            SeriesDisplayOverrides = overrides,
            XAxisTicks = Tick(maxSeconds / SecondsPerUnit),
            XAxisFormat = "0",
            XAxisTitle = $"expected time ({TimeUnit})",
            YAxisTicks = Tick(maxCost * CostScale),
            YAxisToStringFunc = value => (value / CostScale).ToString("0.###", CultureInfo.InvariantCulture),
            YAxisTitle = "cost",
        };
    }

    public List<ChartSeries<double>> Series { get; } = [];

    public ScatterPlotChartOptions Options { get; }

    public double SecondsPerUnit { get; }

    public string TimeUnit { get; }

    /// <summary>Plotted cost = cost × this (a power of ten that puts the largest cost between 10 and 100).</summary>
    public double CostScale { get; }

    /// <summary>The schedule a clicked series belongs to (its point or its line).</summary>
    public int ScheduleIndexOf(int seriesIndex) => _schedules[seriesIndex / 2].Index;

    private (double, double) Point(double seconds, decimal cost) => (seconds / SecondsPerUnit, (double)cost * CostScale);

    /// <summary>A whole 1, 2 or 5 × 10^k step giving about five ticks up to <paramref name="max"/>.</summary>
    private static int Tick(double max)
    {
        if (max <= 5)
            return 1;
        double raw = max / 5, power = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double step = raw / power < 1.5 ? 1 : raw / power < 3.5 ? 2 : raw / power < 7.5 ? 5 : 10;
        return (int)Math.Max(1, step * power);
    }
}
