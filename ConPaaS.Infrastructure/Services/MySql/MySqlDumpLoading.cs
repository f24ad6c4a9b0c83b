using ConPaaS.Domain.Operations;
using ConPaaS.Infrastructure.Agents;
using ConPaaS.Infrastructure.Managers;

namespace ConPaaS.Infrastructure.Services.MySql;

/// <summary>
/// load_dump as an operation: sends the stored upload to the master under the operation's name, follows the
/// load with progress in KiB, and turns a failing statement into the operation's error. Run again after a
/// restart, it picks up the load the master already knows instead of loading twice.
/// </summary>
public sealed class MySqlDumpLoading(AgentMySqlClient mysql, MySqlDumpUploads uploads)
{
    public async Task RunAsync(ManagerContext context, AgentEndpoint master, Operation operation, OperationProgress progress, CancellationToken ct)
    {
        var serviceId = context.Service.Id;
        var upload = operation.Input ?? throw new ManagerException("The operation names no uploaded dump.");
        var loadId = $"operation-{operation.Id}";
        try
        {
            var status = await mysql.GetDumpLoadAsync(master, loadId, ct);
            if (status is null)
            {
                if (!uploads.Exists(serviceId, upload))
                    throw new ManagerException("The uploaded dump is gone (the portal's data folder lost it); upload it again.");
                await progress("Sending the dump to the master", 0, 0);
                await using var file = uploads.Open(serviceId, upload);
                status = await mysql.StartDumpLoadAsync(master, loadId, file, cancellationToken: ct);
            }
            var result = await mysql.FollowDumpLoadAsync(master, status, loading => progress(
                $"Loading the dump: {Size(loading.BytesLoaded)} of {Size(loading.BytesTotal)}", Kib(loading.BytesLoaded), Kib(loading.BytesTotal)), ct);
            uploads.Delete(serviceId, upload);
            if (!result.Succeeded)
                throw new ManagerException(Describe(result));
            await progress($"Loaded {Size(result.Bytes)}", Kib(result.Bytes), Kib(result.Bytes));
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            // The operation ends here: its upload is of no more use. (A portal stopping keeps it for the resume.)
            uploads.Delete(serviceId, upload);
            throw;
        }
    }

    /// <summary>"Statement 3 (line 5): ERROR 1064 (42000): …; statements before it were applied."</summary>
    public static string Describe(MySqlDumpLoadResult failure)
    {
        var where = (failure.StatementNumber, failure.Line) switch
        {
            ({ } statement, { } line) => $"Statement {statement} (line {line}): ",
            (null, { } line) => $"Line {line}: ",
            _ => "",
        };
        var error = failure.ErrorCode is { } code ? $"ERROR {code} ({failure.SqlState}): {failure.Message}" : failure.Message;
        var quoted = failure.Statement is { Length: > 0 } statementText ? $" in: {statementText}" : "";
        return $"{where}{error}{quoted}. Statements before it were applied.";
    }

    private static int Kib(long bytes) => (int)Math.Min(int.MaxValue, bytes / 1024);

    private static string Size(long bytes) => bytes < 1024 * 1024
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KiB")
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024.0):0.0} MiB");
}
