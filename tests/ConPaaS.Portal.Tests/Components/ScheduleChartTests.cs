using ConPaaS.Domain.Contracts;
using ConPaaS.Portal.Components.Services.TaskFarm;

namespace ConPaaS.Portal.Tests.Components;

/// <summary>The schedules' chart: readable units, axis labels in money, and a click that names the right schedule.</summary>
public sealed class ScheduleChartTests
{
    private static readonly TaskFarmScheduleDto[] Schedules =
    [
        new(3, [1], 5400, 6000, 0.05m, 0.06m, "Cheapest"),
        new(7, [4], 1500, 1800, 0.12m, 0.14m, "None"),
    ];

    [Fact]
    public void Each_schedule_is_a_point_at_its_expected_value_and_a_line_to_its_upper_bound()
    {
        var chart = new ScheduleChart(Schedules);

        Assert.Equal(4, chart.Series.Count);
        Assert.Equal("min", chart.TimeUnit);
        var point = chart.Series[2].Data.Points.Single();
        Assert.Equal(25, Convert.ToDouble(point.X), 6);
        Assert.Equal("0.12", chart.Options.YAxisToStringFunc!(Convert.ToDouble(point.Y)));
        var bound = chart.Series[3].Data.Points.ToList();
        Assert.Equal([25.0, 30.0], bound.Select(p => Convert.ToDouble(p.X)));
        Assert.Equal("0.14", chart.Options.YAxisToStringFunc!(Convert.ToDouble(bound[1].Y)));
    }

    [Fact]
    public void A_click_on_a_point_or_its_line_names_the_schedule_not_the_series()
    {
        var chart = new ScheduleChart(Schedules);

        Assert.Equal(3, chart.ScheduleIndexOf(0));
        Assert.Equal(7, chart.ScheduleIndexOf(2));
        Assert.Equal(7, chart.ScheduleIndexOf(3));
    }

    [Fact]
    public void Ticks_are_whole_steps_in_the_shown_units_even_for_cents_and_seconds()
    {
        var chart = new ScheduleChart([new(0, [2], 8, 9, 0.002m, 0.003m, "Fastest")]);

        Assert.Equal("s", chart.TimeUnit);
        Assert.InRange(chart.Options.XAxisTicks, 1, 9);
        Assert.True(chart.Options.YAxisTicks >= 1);
        Assert.Equal("0.003", chart.Options.YAxisToStringFunc!(Convert.ToDouble(chart.Series[1].Data.Points.Last().Y)));
    }
}
