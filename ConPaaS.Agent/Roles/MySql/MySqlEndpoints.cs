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
        app.MapPut(AgentRoutes.MySqlDumpLoad, StartDumpLoadAsync);
        app.MapGet(AgentRoutes.MySqlDumpLoad, GetDumpLoad);
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
    /// Starts loading a dump: the body is the dump itself (plain SQL, or gzip), of any size, streamed to a file on
    /// the node first; the answer (202) comes once it is received, and <c>GET</c> on the same path follows the load.
    /// The caller names the load, so that sending it again after losing the answer does not load it twice. A dump that
    /// holds commands of the client (not SQL) is refused (400) before any of it is loaded.
    /// </summary>
    private static async Task<Results<Accepted<MySqlDumpLoadStatus>, BadRequest<ProblemDetails>, Conflict<ProblemDetails>>> StartDumpLoadAsync(
        HttpContext context, string id, string? database, MySqlRoles roles, MySqlDumpLoads loads)
    {
        try
        {
            CheckLoadId(id);
            if (loads.Get(id) is { } known)
                return TypedResults.Accepted((string?)null, known);
            MySqlAccountRules.CheckDatabaseName(database);
            var master = roles.Master;
            master.EnsureServing();
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
                limit.MaxRequestBodySize = null;
            var (sqlPath, bytes) = await MySqlDumpUpload.ReceiveAsync(context.Request.Body, master.Layout.PrivateDirectory, context.RequestAborted);
            try
            {
                await MySqlDumpLoader.RefuseClientCommandsAsync(sqlPath, context.RequestAborted);
            }
            catch
            {
                File.Delete(sqlPath);
                throw;
            }
            return TypedResults.Accepted((string?)null, loads.Start(id, sqlPath, bytes, database));
        }
        catch (Exception exception) when (exception is InvalidDumpException or InvalidRoleSettingsException)
        {
            return TypedResults.BadRequest(Problems.BadRequest(exception.Message));
        }
        catch (Exception exception) when (exception is RoleStateConflictException or MySqlRoleException)
        {
            return TypedResults.Conflict(Problems.Conflict(exception.Message));
        }
    }

    private static Results<Ok<MySqlDumpLoadStatus>, NotFound<ProblemDetails>> GetDumpLoad(string id, MySqlDumpLoads loads) =>
        loads.Get(id) is { } status
            ? TypedResults.Ok(status)
            : TypedResults.NotFound(Problems.NotFound($"This node knows no dump load '{id}'."));

    private static void CheckLoadId(string id)
    {
        if (id.Length is 0 or > 64 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            throw new InvalidRoleSettingsException("A load id is 1 to 64 letters, digits and dashes.");
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
