using ConPaaS.Domain.Contracts;
using ConPaaS.Domain.Errors;
using ConPaaS.Domain.TaskFarm;

namespace ConPaaS.Infrastructure.Services.TaskFarm;

/// <summary>
/// The front as it was offered (stored, cheapest first), so a budget picks among exactly the points the user
/// saw; the rule and the message are those of <see cref="Domain.TaskFarm.ScheduleFront.FastestWithin"/>.
/// </summary>
public sealed class ScheduleFrontView(IReadOnlyList<TaskFarmScheduleDto> points)
{
    public int FastestWithin(decimal budget)
    {
        if (points.Count == 0)
            throw new ConflictException("There are no schedules yet.");
        var cheapest = points[0];
        return FastestWithinOrNull(budget)?.Index ?? throw new InvalidInputException("budget",
            ScheduleFront.BelowCheapest(budget, cheapest.ExpectedCost, cheapest.UpperCost, cheapest.Machines.Sum(), cheapest.ExpectedSeconds));
    }

    /// <summary>The schedule a budget would run, or null when it buys none (for a preview as the budget is typed).</summary>
    public TaskFarmScheduleDto? FastestWithinOrNull(decimal budget) =>
        ScheduleFront.FastestPaidFor(points, budget, p => p.ExpectedCost, p => p.UpperCost, p => p.ExpectedSeconds);
}
