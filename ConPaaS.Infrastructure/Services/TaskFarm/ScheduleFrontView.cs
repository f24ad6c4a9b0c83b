using System.Globalization;
using ConPaaS.Domain.Contracts;
using ConPaaS.Domain.Errors;

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
        int? best = null;
        foreach (var p in points)
        {
            if (p.ExpectedCost > budget)
                break;
            best = p.Index;
        }
        var cheapest = points[0];
        return best ?? throw new InvalidInputException("budget", string.Format(CultureInfo.InvariantCulture,
            "A budget of {0:0.00} is below the cheapest schedule, which costs {1:0.00} ({2} machine(s), about {3:0.0} h).",
            budget, cheapest.ExpectedCost, cheapest.Machines.Sum(), cheapest.ExpectedSeconds / 3600));
    }
}
