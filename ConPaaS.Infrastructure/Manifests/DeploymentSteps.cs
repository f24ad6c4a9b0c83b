using ConPaaS.Domain.Access;
using ConPaaS.Domain.Contracts;
using ConPaaS.Domain.Errors;
using ConPaaS.Domain.Manifests;
using ConPaaS.Domain.Nodes;
using ConPaaS.Domain.Services;
using ConPaaS.Infrastructure.Applications;
using ConPaaS.Infrastructure.Code;
using ConPaaS.Infrastructure.Data;
using ConPaaS.Infrastructure.Operations;
using ConPaaS.Infrastructure.Services;
using ConPaaS.Infrastructure.Services.MySql;
using ConPaaS.Infrastructure.Services.TaskFarm;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ConPaaS.Infrastructure.Manifests;

/// <summary>
/// The steps of one manifest entry, each a call of the command handler a user would use. A stage already passed
/// (see <see cref="DeploymentService.Stage"/>) is skipped, so a resumed deployment does each once.
/// </summary>
internal sealed class DeploymentSteps(IServiceProvider services, DeploymentPlan plan, Caller caller)
{
    private const int MaxScaleRounds = 3;

    private ApplicationCommands Applications => services.GetRequiredService<ApplicationCommands>();
    private ServiceCommands ServiceCommands => services.GetRequiredService<ServiceCommands>();
    private LifecycleCommands Lifecycle => services.GetRequiredService<LifecycleCommands>();
    private CodeCommands Code => services.GetRequiredService<CodeCommands>();
    private MySqlCommands MySql => services.GetRequiredService<MySqlCommands>();
    private TaskFarmCommands TaskFarm => services.GetRequiredService<TaskFarmCommands>();
    private ServiceWaiter Waiter => services.GetRequiredService<ServiceWaiter>();

    /// <summary>As the original: a taken name gets " (2)", " (3)", … appended.</summary>
    public async Task<ApplicationDto> CreateApplicationAsync(string name, CancellationToken ct)
    {
        var taken = (await Applications.ListAsync(caller, ct)).Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        var free = Enumerable.Range(1, 1000).Select(i => i == 1 ? name : $"{name} ({i})").First(n => !taken.Contains(n));
        return await Applications.CreateAsync(caller, free, ct);
    }

    public async Task DeployServiceAsync(int applicationId, ManifestService spec, DeploymentService entry, Func<string, Task> progress, CancellationToken ct)
    {
        async Task Stage(DeploymentStage stage, string words, Func<Task> action)
        {
            if (entry.Stage >= stage)
                return;
            entry.Working(words);
            await progress(words);
            await action();
            entry.Reached(stage, words);
            await progress(words);
        }

        await Stage(DeploymentStage.Created, "Creating the service", async () => entry.Created(await CreateServiceAsync(applicationId, spec, ct)));
        var id = entry.ServiceId!.Value;
        if (spec.StartupScript is { } script)
            await Stage(DeploymentStage.StartupScriptSet, "Setting the startup script", async () =>
                await Lifecycle.SetStartupScriptAsync(caller, id, plan.Resolved.SubstituteText(await ReadTextAsync(script, ct)), ct));
        if (spec.Archive is { } archive)
            await Stage(DeploymentStage.CodeActivated, "Uploading and activating the code archive", async () =>
            {
                CodeVersionDto version;
                await using (var file = File.OpenRead(plan.Files[archive.Field]))
                    version = await Code.UploadAsync(caller, id, file, Path.GetFileName(archive.Value), "From the manifest", "manifest", ct);
                await Lifecycle.ActivateVersionAsync(caller, id, version.Id, ct);
            });
        if (spec.Start)
            await Stage(DeploymentStage.Started, "Starting", async () =>
            {
                var service = await ServiceCommands.GetAsync(caller, id, ct);
                int? operation = service.ActiveOperation?.Id;
                if (service.State is "Init" or "Stopped")
                    operation = (await Lifecycle.StartAsync(caller, id, spec.Cloud, ct)).ActiveOperation?.Id;
                await Waiter.WaitIdleAsync(id, operation, ct);
            });
        if (spec.Dump is { } dump)
            await Stage(DeploymentStage.DumpLoaded, "Loading the dump", async () =>
            {
                await using var file = File.OpenRead(plan.Files[dump.Field]);
                var busy = await MySql.LoadDumpAsync(caller, id, file, ct);
                await Waiter.WaitIdleAsync(id, busy.ActiveOperation?.Id, ct);
            });
        if (spec.Bag is { } bag)
            await Stage(DeploymentStage.BagUploaded, "Uploading the bag of tasks", async () =>
                await TaskFarm.UploadBagAsync(caller, id, await ReadBytesAsync(bag, ct), demo: false, ct));
        if (spec.Start && spec.StartupInstances.Count > 0)
            await Stage(DeploymentStage.Scaled, "Adding nodes", async () =>
            {
                foreach (var (role, wanted) in spec.StartupInstances)
                {
                    // Counted again after each addition: the first node added for a role can take that role off
                    // a node that carried several (php's first backend leaves the proxy node), so one round may
                    // add a node and still leave the count where it was.
                    for (var round = 0; round < MaxScaleRounds; round++)
                    {
                        var have = (await Lifecycle.ListNodesAsync(caller, id, ct)).Count(n => n.Roles.Contains(role) && n.State == nameof(NodeState.Running));
                        if (wanted <= have)
                            break;
                        entry.Working($"Adding {wanted - have} {role} node(s)");
                        await progress(entry.Step);
                        var busy = await Lifecycle.AddNodesAsync(caller, id, new AddNodesRequest(role, wanted - have, spec.Cloud), ct);
                        await Waiter.WaitIdleAsync(id, busy.ActiveOperation?.Id, ct);
                    }
                }
            });
        await Stage(DeploymentStage.Done, "Deployed", () => Task.CompletedTask);
    }

    /// <summary>Stops and deletes what the deployment created; returns what went wrong, or null.</summary>
    public async Task<string?> RollBackAsync(int applicationId, IReadOnlyList<int> serviceIds)
    {
        var ct = CancellationToken.None;
        try
        {
            foreach (var id in serviceIds)
            {
                try
                {
                    await Waiter.WaitIdleAsync(id, null, ct); // whatever it was doing, let it end
                }
                catch (DeploymentStepException)
                {
                    // A service in Error is stopped below all the same.
                }
                var service = await ServiceCommands.GetAsync(caller, id, ct);
                if (service.State is "Running" or "Error")
                {
                    var stopping = await Lifecycle.StopAsync(caller, id, ct);
                    await Waiter.WaitIdleAsync(id, stopping.ActiveOperation?.Id, ct);
                }
                await ServiceCommands.DeleteAsync(caller, id, ct);
            }
            await Applications.DeleteAsync(caller, applicationId, ct);
            return null;
        }
        catch (Exception failure) when (failure is DomainException or DeploymentStepException or DbUpdateException)
        {
            return failure.Message;
        }
    }

    private async Task<int> CreateServiceAsync(int applicationId, ManifestService spec, CancellationToken ct)
    {
        // A run that stopped between creating the service and recording it finds it by its name.
        if (spec.ServiceName is { } name
            && (await ServiceCommands.ListAsync(caller, applicationId, ct)).FirstOrDefault(s => s.Name == name) is { } existing)
            return existing.Id;
        var created = await ServiceCommands.CreateAsync(caller, new CreateServiceRequest(applicationId, spec.Type, spec.ServiceName, spec.Password), ct);
        return created.Id;
    }

    private async Task<string> ReadTextAsync(ManifestSource source, CancellationToken ct) =>
        source.Kind == ManifestSourceKind.Inline ? source.Value : await File.ReadAllTextAsync(plan.Files[source.Field], ct);

    private async Task<byte[]> ReadBytesAsync(ManifestSource source, CancellationToken ct) =>
        source.Kind == ManifestSourceKind.Inline ? System.Text.Encoding.UTF8.GetBytes(source.Value) : await File.ReadAllBytesAsync(plan.Files[source.Field], ct);
}
