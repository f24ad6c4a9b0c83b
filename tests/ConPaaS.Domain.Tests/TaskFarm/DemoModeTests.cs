using ConPaaS.Domain.TaskFarm;
using ConPaaS.Domain.TaskFarm.Demo;

namespace ConPaaS.Domain.Tests.TaskFarm;

public class DemoModeTests
{
    [Fact]
    public void Shows_sampling_as_a_fifth_of_the_work_then_execution_to_completion()
    {
        MachineType[] types = [MachineType.Hourly("small", 1m, 10), MachineType.Hourly("large", 4m, 10)];

        var demo = DemoMode.Create(1000, types, steps: 50);

        Assert.Equal(50, demo.Steps.Count);
        Assert.Equal(10, demo.Steps.Count(s => s.Phase == DemoPhase.Sampling));
        Assert.Equal(0.2, demo.Steps.Last(s => s.Phase == DemoPhase.Sampling).Progress, 1e-9);
        var last = demo.Steps[^1];
        Assert.Equal(DemoPhase.Done, last.Phase);
        Assert.Equal(1.0, last.Progress, 1e-9);
        Assert.Equal(1000, last.TasksDone);
        for (int i = 1; i < demo.Steps.Count; i++)
        {
            Assert.True(demo.Steps[i].Progress > demo.Steps[i - 1].Progress);
            Assert.True(demo.Steps[i].TasksDone >= demo.Steps[i - 1].TasksDone);
            Assert.True(demo.Steps[i].MoneySpent >= demo.Steps[i - 1].MoneySpent);
            Assert.True(demo.Steps[i].ElapsedSeconds > demo.Steps[i - 1].ElapsedSeconds);
        }
        Assert.True(demo.Front.Points.Count >= 1);
        Assert.True(demo.Chosen.Marks.HasFlag(ScheduleMarks.Fastest));
    }
}
