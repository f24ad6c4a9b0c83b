using ConPaaS.Agent.Endpoints;
using ConPaaS.Domain.Agents;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ConPaaS.Agent.Roles.MySql;

/// <summary>
/// The mysql operations beyond configure/start/stop: the original's <c>set_password</c>, <c>load_dump</c> and
/// <c>sqldump</c>, and a replica's replication status. A node that does not run the role needed answers 409.
/// </summary>
public static class MySqlEndpoints
{
    public static void MapMySqlEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(AgentRoutes.MySqlPassword, SetPasswordAsync);
        app.MapPost(AgentRoutes.MySqlDump, LoadDumpAsync);
        app.MapGet(AgentRoutes.MySqlDump, DownloadDumpAsync);
        app.MapGet(AgentRoutes.MySqlReplica, GetReplicaStatusAsync);
    }

    private static async Task<Results<Ok<RoleStatus>, BadRequest<ProblemDetails>, Conflict<ProblemDetails>>> SetPasswordAsync(
        MySqlPasswordRequest request, MySqlRoles roles, CancellationToken cancellationToken)
    {
        try
        {
            return TypedResults.Ok(await roles.RunAsync(roles.Master, () => roles.Master.SetAdminPasswordAsync(request.Password, cancellationToken), cancellationToken));
        }
        catch (InvalidRoleSettingsException exception)
        {
            return TypedResults.BadRequest(Problems.BadRequest(exception.Message));
        }
        catch (Exception exception) when (exception is RoleStateConflictException or MySqlRoleException)
        {
            return TypedResults.Conflict(Problems.Conflict(exception.Message));
        }
    }

    /// <summary>
    /// The body is the dump itself (plain SQL, or gzip), of any size: it is streamed to a file on the node first,
    /// then loaded on the master. A load that the caller stops waiting for still runs to its end, since
    /// stopping it half-way would leave as much applied as letting it finish.
    /// </summary>
    private static async Task<Results<Ok<MySqlDumpLoadResult>, BadRequest<ProblemDetails>, Conflict<ProblemDetails>>> LoadDumpAsync(
        HttpContext context, string? database, MySqlRoles roles, IHostApplicationLifetime lifetime)
    {
        var master = roles.Master;
        string? sqlPath = null;
        try
        {
            MySqlAccountRules.CheckDatabaseName(database);
            master.EnsureServing();
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
                limit.MaxRequestBodySize = null;
            (sqlPath, var bytes) = await MySqlDumpUpload.ReceiveAsync(context.Request.Body, master.Layout.TempDirectory, context.RequestAborted);
            var path = sqlPath;
            return TypedResults.Ok(await roles.RunAsync(master,
                () => MySqlDumpLoader.LoadAsync(master.Client, path, bytes, database, lifetime.ApplicationStopping), lifetime.ApplicationStopping));
        }
        catch (Exception exception) when (exception is InvalidDumpException or InvalidRoleSettingsException)
        {
            return TypedResults.BadRequest(Problems.BadRequest(exception.Message));
        }
        catch (Exception exception) when (exception is RoleStateConflictException or MySqlRoleException)
        {
            return TypedResults.Conflict(Problems.Conflict(exception.Message));
        }
        finally
        {
            if (sqlPath is not null)
                File.Delete(sqlPath);
        }
    }

    /// <summary>A dump of the user databases from the master, or from a replica (which spares the master the work).</summary>
    private static async Task<IResult> DownloadDumpAsync(HttpContext context, MySqlRoles roles, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        try
        {
            var role = roles.Serving ?? throw new RoleStateConflictException("No mysql role runs on this node.");
            var logger = loggers.CreateLogger(typeof(MySqlDumpDownload));
            return await roles.RunAsync(role, () => MySqlDumpDownload.WriteAsync(context, role.Client, logger, cancellationToken), cancellationToken);
        }
        catch (Exception exception) when (exception is RoleStateConflictException or MySqlRoleException && !context.Response.HasStarted)
        {
            return TypedResults.Conflict(Problems.Conflict(exception.Message));
        }
    }

    private static async Task<Results<Ok<MySqlReplicaStatus>, Conflict<ProblemDetails>>> GetReplicaStatusAsync(
        MySqlRoles roles, CancellationToken cancellationToken)
    {
        try
        {
            var slave = roles.Slave;
            return TypedResults.Ok(await roles.RunAsync(slave, () => slave.GetReplicaStatusAsync(cancellationToken), cancellationToken));
        }
        catch (Exception exception) when (exception is RoleStateConflictException or MySqlRoleException)
        {
            return TypedResults.Conflict(Problems.Conflict(exception.Message));
        }
    }
}
