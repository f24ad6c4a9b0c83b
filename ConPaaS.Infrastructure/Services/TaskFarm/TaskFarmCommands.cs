using System.Globalization;
using ConPaaS.Domain.Access;
using ConPaaS.Domain.Contracts;
using ConPaaS.Domain.Errors;
using ConPaaS.Domain.Nodes;
using ConPaaS.Domain.Services;
using ConPaaS.Domain.TaskFarm;
using ConPaaS.Infrastructure.Applications;
using ConPaaS.Infrastructure.Clouds;
using ConPaaS.Infrastructure.Data;
using ConPaaS.Infrastructure.Events;
using Microsoft.EntityFrameworkCore;

namespace ConPaaS.Infrastructure.Services.TaskFarm;

/// <summary>
/// What the API and the UI do with a farm: upload a bag, read the schedules, choose one (or a budget), follow
/// the progress, read the outputs. Every call checks ownership first: another user's service is "not found".
/// </summary>
public sealed class TaskFarmCommands(
    IDbContextFactory<PortalDbContext> dbFactory, FarmStore store, FarmLocks locks, FarmTypes types, FarmOutputs outputs, CloudRegistry clouds,
    PortalEvents events, TimeProvider clock)
{
    public async Task<TaskFarmProgressDto> UploadBagAsync(Caller caller, int serviceId, byte[] content, bool demo, CancellationToken ct = default)
    {
        var service = await OwnedFarmAsync(caller, serviceId, ct);
        var bag = BagParser.Parse(content);
        if (!demo && service.State != ServiceState.Running)
            throw new ConflictException($"Service '{service.Name}' is {service.State}; start it before uploading a bag (or upload with demo=true).");
        using (await locks.AcquireAsync(serviceId, ct))
        {
            var old = store.Load(serviceId);
            if (old.Phase is FarmPhase.Sampling or FarmPhase.Executing && !old.Demo)
                throw new ConflictException($"A bag is {old.Phase.ToLowerInvariant()} on this service; wait until it is done.");
            var cloud = clouds.Get(service.Cloud).Name;
            var farmTypes = types.For(cloud);
            var decision = SampleSize.Decide(bag.Count, farmTypes.Count);
            var farm = new FarmFile
            {
                Generation = old.Generation + 1,
                Demo = demo,
                TaskCount = bag.Count,
                SampleSize = decision.SampleSize,
                Cloud = cloud,
                Types = farmTypes,
                TaskStates = new FarmTaskState[bag.Count],
                TaskNodes = Enumerable.Repeat(-1, bag.Count).ToArray(),
                PhaseStartedAt = clock.GetUtcNow(),
                // Workers still paid for (a previous bag's sampling ones) carry over to the new bag.
                // What they did and ran belongs to the old bag (the new one's runtime estimates must not count it).
                Workers = old.Workers.Where(w => !w.Gone).Select(w => new FarmWorker { NodeId = w.NodeId, TypeIndex = w.TypeIndex, Sequence = w.Sequence }).ToList(),
            };
            if (demo)
            {
                farm.Phase = FarmPhase.Sampling;
                farm.Message = "Demo: simulating sampling; no machine is started.";
            }
            else if (decision.RunDirectly)
            {
                farm.Phase = FarmPhase.TooSmall;
                farm.Message = decision.Message;
            }
            else
            {
                var plan = SamplingPlan.Create(bag.Count, farmTypes.Count, decision.SampleSize, new Random(serviceId));
                farm.SamplePlan = Enumerable.Range(0, farmTypes.Count).Select(t => plan.CommonTasks.Concat(plan.OwnTasks[t]).ToList()).ToList();
                farm.Phase = FarmPhase.Sampling;
                farm.Message = $"Sampling {decision.SampleSize} tasks on each of {farmTypes.Count} machine types.";
            }
            store.Reset(serviceId, content);
            store.Save(serviceId, farm);
        }
        await PublishAsync(serviceId, ct);
        return await ProgressAsync(caller, serviceId, ct);
    }

    public async Task<TaskFarmSchedulesDto> SchedulesAsync(Caller caller, int serviceId, CancellationToken ct = default)
    {
        await OwnedFarmAsync(caller, serviceId, ct);
        var farm = store.Peek(serviceId);
        return new TaskFarmSchedulesDto(farm.Phase, farm.Types, farm.Schedules, farm.Chosen);
    }

    public Task<TaskFarmProgressDto> SelectAsync(Caller caller, int serviceId, int index, CancellationToken ct = default) =>
        ChooseAsync(caller, serviceId, ct, farm =>
        {
            if (index < 0 || index >= farm.Schedules.Count)
                throw new InvalidInputException("schedule", $"There are {farm.Schedules.Count} schedules, numbered from 0; {index} is not one of them.");
            return index;
        });

    public Task<TaskFarmProgressDto> ExecuteAsync(Caller caller, int serviceId, TaskFarmExecuteRequest request, CancellationToken ct = default) =>
        ChooseAsync(caller, serviceId, ct, farm =>
        {
            if (request.RunDirectly)
            {
                if (farm.Phase != FarmPhase.TooSmall)
                    throw new ConflictException("Only a bag too small to sample is run directly; this one has schedules to choose from.");
                return null;
            }
            if (request.Budget is not { } budget)
                throw new InvalidInputException("budget", "Give a budget, or runDirectly for a bag too small to sample.");
            // The same front the schedules came from: the fastest within the budget, or why none fits.
            var front = new ScheduleFrontView(farm.Schedules);
            return front.FastestWithin(budget);
        }, request.Budget);

    public async Task<TaskFarmProgressDto> ProgressAsync(Caller caller, int serviceId, CancellationToken ct = default)
    {
        await OwnedFarmAsync(caller, serviceId, ct);
        var farm = store.Peek(serviceId);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ids = farm.Workers.Select(w => w.NodeId).ToList();
        var nodes = await db.Nodes.AsNoTracking().Where(n => ids.Contains(n.Id)).ToDictionaryAsync(n => n.Id, ct);
        return FarmProgress.Build(farm, nodes, store.Results(serviceId), clock.GetUtcNow());
    }

    public async Task<IReadOnlyList<TaskFarmOutputDto>> OutputsAsync(Caller caller, int serviceId, CancellationToken ct = default)
    {
        await OwnedFarmAsync(caller, serviceId, ct);
        var farm = store.Peek(serviceId);
        if (farm.Demo || farm.Phase is FarmPhase.Empty)
            return [];
        var bag = BagParser.Parse(store.Bag(serviceId)).Tasks;
        return store.Results(serviceId).Values.OrderBy(r => r.Task)
            .Select(r => new TaskFarmOutputDto(r.Task, bag[r.Task].LineNumber, bag[r.Task].Command, r.ExitCode, r.TimedOut, r.Seconds, r.NodeId, r.Stdout, r.Stderr, r.FinishedAt))
            .ToList();
    }

    /// <summary>
    /// The bag's outputs as a ZIP (each task's whole stdout and stderr, see <see cref="FarmOutputs"/>) in a temporary
    /// file that deletes itself when closed, with its download name.
    /// </summary>
    public async Task<(Stream Zip, string FileName)> OpenOutputsArchiveAsync(Caller caller, int serviceId, CancellationToken ct = default)
    {
        var service = await OwnedFarmAsync(caller, serviceId, ct);
        var farm = store.Peek(serviceId);
        if (farm.Demo || farm.Phase is FarmPhase.Empty or FarmPhase.TooSmall)
            throw new ConflictException(farm.Demo ? "A demo bag runs no tasks, so it has no outputs." : "No task of this bag has run yet.");
        var lines = BagParser.Parse(store.Bag(serviceId)).Tasks.Select(t => t.LineNumber).ToList();
        var zip = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
        try
        {
            await outputs.WriteArchiveAsync(serviceId, farm, lines, zip, ct);
            zip.Position = 0;
            return (zip, $"{service.Name}-outputs.zip");
        }
        catch
        {
            await zip.DisposeAsync();
            throw;
        }
    }

    /// <param name="budget">The budget the user typed: the farm spends up to it (a picked point: its upper cost).</param>
    private async Task<TaskFarmProgressDto> ChooseAsync(Caller caller, int serviceId, CancellationToken ct, Func<FarmFile, int?> choose, decimal? budget = null)
    {
        await OwnedFarmAsync(caller, serviceId, ct);
        using (await locks.AcquireAsync(serviceId, ct))
        {
            var farm = store.Load(serviceId);
            if (farm.Phase is not (FarmPhase.Ready or FarmPhase.TooSmall))
                throw new ConflictException(farm.Phase switch
                {
                    FarmPhase.Empty => "Upload a bag first.",
                    FarmPhase.Sampling => "The bag is being sampled; the schedules come when it is done.",
                    _ => $"The bag is {farm.Phase.ToLowerInvariant()}; upload a new bag to run another.",
                });
            var chosen = choose(farm);
            farm.Chosen = chosen;
            farm.RunDirectly = chosen is null;
            // A typed budget is the user's limit and is never raised; a picked point runs on the cost of its upper bound.
            farm.Budget = chosen is { } c ? budget ?? farm.Schedules[c].UpperCost : null;
            farm.Phase = FarmPhase.Executing;
            farm.PhaseStartedAt = clock.GetUtcNow();
            farm.Message = chosen is { } i ? ExecutingMessage(farm, farm.Schedules[i], farm.Budget!.Value) : "Running the bag directly on one machine.";
            store.Save(serviceId, farm);
        }
        await PublishAsync(serviceId, ct);
        return await ProgressAsync(caller, serviceId, ct);
    }

    private static string ExecutingMessage(FarmFile farm, TaskFarmScheduleDto schedule, decimal budget)
    {
        var machines = string.Join(", ", schedule.Machines.Select((m, t) => $"{m} {farm.Types[t].Name}"));
        return budget >= schedule.UpperCost
            ? $"Executing on {machines}."
            : string.Format(CultureInfo.InvariantCulture,
                "Executing on {0}, held to a budget of {1:0.00}: below this schedule's upper-bound cost ({2:0.00}), so a long bag may end after its upper bound.",
                machines, budget, schedule.UpperCost);
    }

    private async Task<Service> OwnedFarmAsync(Caller caller, int serviceId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (service, _) = await db.GetOwnedServiceAsync(caller, serviceId, ct);
        if (service.Type != "taskfarm")
            throw new InvalidInputException("service", $"Service '{service.Name}' is a {service.Type} service, not a taskfarm.");
        return service;
    }

    private async Task PublishAsync(int serviceId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var service = await db.Services.AsNoTracking().SingleAsync(s => s.Id == serviceId, ct);
        var owner = await db.Applications.Where(a => a.Id == service.ApplicationId).Select(a => a.OwnerId).SingleAsync(ct);
        events.Publish(new ServiceChanged(owner, service.ApplicationId, serviceId));
    }
}
