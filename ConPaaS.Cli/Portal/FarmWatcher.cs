using ConPaaS.Cli.Output;
using ConPaaS.Domain.Contracts;

namespace ConPaaS.Cli.Portal;

/// <summary>
/// Follows a TaskFarm service's bag until it leaves the phases that are still working (Sampling, Executing),
/// one progress line on standard error per change, so standard output keeps only the result.
/// </summary>
public sealed class FarmWatcher(PortalClient portal, TextWriter progress)
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    public async Task<TaskFarmProgressDto> WaitAsync(int serviceId, TaskFarmProgressDto current, CancellationToken ct)
    {
        string? last = null;
        while (current.Phase is "Sampling" or "Executing")
        {
            var line = Describe(current);
            if (line != last)
                await progress.WriteLineAsync(line);
            last = line;
            await Task.Delay(PollInterval, ct);
            current = await portal.GetAsync<TaskFarmProgressDto>($"services/{serviceId}/progress", ct);
        }
        if (current.Phase == "Failed")
            throw CliFailure.Refused($"the bag failed: {current.Message ?? "no reason given"}");
        return current;
    }

    /// <summary>One line for people: where the bag is, what it cost so far, and what is left.</summary>
    public static string Describe(TaskFarmProgressDto farm) => farm.Phase switch
    {
        "Sampling" => $"{Demo(farm)}Sampling: {farm.Sampled} of {farm.SampleTarget} sample tasks done, {Formats.Money(farm.MoneySpent)} spent",
        "Executing" or "Done" =>
            $"{Demo(farm)}{farm.Phase}: {farm.Completed} of {farm.TaskCount} tasks completed, {farm.Failed} failed, {Formats.Money(farm.MoneySpent)} spent" +
            (farm.Phase == "Executing" && farm.SecondsLeft is { } seconds ? $", about {seconds:0} s" : "") +
            (farm.Phase == "Executing" && farm.CostLeft is { } cost ? $" and {Formats.Money(cost)} left" : "") +
            (farm.Budget is { } budget
                ? farm.SpentBeforeExecution is { } before
                    ? $" ({Formats.Money(farm.MoneySpent - before)} of a budget of {Formats.Money(budget)} during execution)"
                    : $" (budget {Formats.Money(budget)})"
                : ""),
        _ => $"{Demo(farm)}{farm.Phase}: {farm.Message ?? $"{farm.TaskCount} tasks"}",
    };

    private static string Demo(TaskFarmProgressDto farm) => farm.Demo ? "[demo] " : "";
}
