namespace ConPaaS.Domain.TaskFarm;

/// <summary>
/// Keeps the per-type runtime estimates current during execution. Every finished task, and every running
/// task at its expected total given the time it has already run, is converted to base time and pooled with
/// the samples; the pooled base mean is mapped back to each type through the sampled linear relations.
/// Counting running tasks matters: early on, the tasks that have finished are the short ones.
/// </summary>
public static class RuntimeTracker
{
    public static IReadOnlyList<double> CurrentMeans(RuntimeModel model, FarmSnapshot snapshot)
    {
        double sum = model.BaseMean * model.BaseSamples.Count;
        double count = model.BaseSamples.Count;
        foreach (var m in snapshot.Machines)
        {
            var type = model.Types[m.TypeIndex];
            if (m.TasksDone > 0)
            {
                // ToBase is linear, so the sum of converted runtimes is the conversion of the sum.
                sum += (m.BusySeconds - m.TasksDone * type.Beta0) / type.Beta1;
                count += m.TasksDone;
            }
            if (m.IsAlive && m.Running is { IsReplica: false } task)
            {
                double elapsed = snapshot.Now - task.StartedAt;
                sum += type.ToBase(model.ExpectedTotal(m.TypeIndex, elapsed));
                count++;
            }
        }
        return model.MeansForBaseMean(Math.Max(1e-9, sum / count));
    }
}
