using ConPaaS.Domain.Access;
using ConPaaS.Domain.Contracts;
using ConPaaS.Domain.Errors;
using ConPaaS.Domain.Nodes;
using ConPaaS.Domain.Operations;
using ConPaaS.Domain.Services;
using ConPaaS.Infrastructure.Agents;
using ConPaaS.Infrastructure.Applications;
using ConPaaS.Infrastructure.Concurrency;
using ConPaaS.Infrastructure.Data;
using ConPaaS.Infrastructure.Events;
using ConPaaS.Infrastructure.Managers;
using ConPaaS.Infrastructure.Operations;
using Microsoft.EntityFrameworkCore;

namespace ConPaaS.Infrastructure.Services.MySql;

/// <summary>The mysql service's own operations: set_password, load_dump and sqldump.</summary>
public sealed class MySqlCommands(
    IDbContextFactory<PortalDbContext> dbFactory, AgentMySqlClient mysql, ServiceSecrets secrets, PortalEvents events,
    MySqlDumpUploads uploads, LifecycleCommands lifecycle, TimeProvider clock, MySqlSnapshots snapshots, UploadSlots uploadSlots)
{
    /// <summary>The copies of the service's databases the portal keeps (a stopped service's, restored by its start).</summary>
    public async Task<IReadOnlyList<MySqlBackupDto>> BackupsAsync(Caller caller, int serviceId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await OwnedMySqlAsync(db, caller, serviceId, ct);
        return snapshots.List(serviceId);
    }

    /// <summary>Applies a new administrator password on the master (replicas follow); the old one stops working.</summary>
    public async Task SetPasswordAsync(Caller caller, int serviceId, SetPasswordRequest request, CancellationToken ct = default)
    {
        MySqlPasswords.Validate(request.Password, request.Confirm ?? "");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (service, application) = await OwnedMySqlAsync(db, caller, serviceId, ct);
        if (service.ActiveOperationId is not null)
            throw new ConflictException($"Service '{service.Name}' is {service.State}; wait until the current change ends.");
        if (service.State == ServiceState.Running)
        {
            var master = await MasterAsync(db, service, ct);
            await Call(() => mysql.SetAdminPasswordAsync(master, request.Password!, ct));
        }
        secrets.Set(service, MySqlPasswords.AdminSecret, request.Password!);
        await db.SaveChangesAsync(ct);
        events.Publish(new ServiceChanged(application.OwnerId, application.Id, service.Id));
    }

    /// <summary>
    /// Receives an SQL dump (plain or gzip, up to the configured limit) and loads it on the master as an operation
    /// with progress; the answer is the service, busy with it. A failing statement ends the operation with its
    /// number, line and the server's message; the statements before it stay applied and the service keeps running.
    /// </summary>
    public async Task<ServiceDto> LoadDumpAsync(Caller caller, int serviceId, Stream dump, CancellationToken ct = default)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var (service, _) = await OwnedMySqlAsync(db, caller, serviceId, ct);
            EnsureRunning(service);
        }
        // Counted with the user's code uploads: the slot is held while the dump streams to disk.
        using var slot = uploadSlots.Take(caller);
        var upload = await uploads.SaveAsync(serviceId, dump, ct);
        try
        {
            return await lifecycle.BeginOwnOperationAsync(caller, serviceId, service => Operation.LoadDump(service.Id, upload, clock.GetUtcNow()), ct);
        }
        catch
        {
            uploads.Delete(serviceId, upload);
            throw;
        }
    }

    /// <summary>Streams a consistent dump of the service's databases.</summary>
    public async Task DownloadDumpAsync(Caller caller, int serviceId, Stream destination, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (service, _) = await OwnedMySqlAsync(db, caller, serviceId, ct);
        EnsureRunning(service);
        var master = await MasterAsync(db, service, ct);
        await Call(async () =>
        {
            await mysql.DownloadDumpAsync(master, destination, ct);
            return true;
        });
    }

    /// <summary>Replication lag of each replica, for the service page.</summary>
    public async Task<IReadOnlyDictionary<int, MySqlReplicaStatus?>> ReplicaStatusAsync(Caller caller, int serviceId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (service, _) = await OwnedMySqlAsync(db, caller, serviceId, ct);
        var replicas = await db.Nodes.Where(n => n.ServiceId == service.Id && n.State == NodeState.Running).ToListAsync(ct);
        var statuses = new Dictionary<int, MySqlReplicaStatus?>();
        foreach (var replica in replicas.Where(n => n.HasRole("slave")))
        {
            try
            {
                statuses[replica.Id] = await mysql.GetReplicaStatusAsync(ManagerContext.Endpoint(replica), ct);
            }
            catch (AgentException)
            {
                statuses[replica.Id] = null;
            }
        }
        return statuses;
    }

    private static async Task<(Service, Domain.Applications.Application)> OwnedMySqlAsync(PortalDbContext db, Caller caller, int serviceId, CancellationToken ct)
    {
        var (service, application) = await db.GetOwnedServiceAsync(caller, serviceId, ct);
        if (service.Type != "mysql")
            throw new InvalidInputException("service", $"Service '{service.Name}' is a {service.Type} service, not mysql.");
        return (service, application);
    }

    private static void EnsureRunning(Service service)
    {
        if (service.State != ServiceState.Running)
            throw new ConflictException($"Service '{service.Name}' is {service.State}; start it first.");
    }

    private static async Task<AgentEndpoint> MasterAsync(PortalDbContext db, Service service, CancellationToken ct)
    {
        var master = await db.Nodes.FirstOrDefaultAsync(n => n.ServiceId == service.Id && n.State == NodeState.Running && n.Roles.Contains("master"), ct)
            ?? throw new ConflictException($"Service '{service.Name}' has no running master.");
        return ManagerContext.Endpoint(master);
    }

    private static async Task<T> Call<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (AgentCallFailedException failure) when (failure.StatusCode == System.Net.HttpStatusCode.BadRequest)
        {
            throw new InvalidInputException("dump", failure.Message);
        }
        catch (AgentException failure)
        {
            throw new ConflictException($"The database node did not do it: {failure.Message}");
        }
    }
}
