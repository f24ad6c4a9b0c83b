using System.Globalization;
using ConPaaS.Domain.Contracts;
using ConPaaS.Domain.Nodes;
using ConPaaS.Infrastructure.Agents;
using ConPaaS.Infrastructure.Managers;
using ConPaaS.Infrastructure.Options;
using Microsoft.Extensions.Options;

namespace ConPaaS.Infrastructure.Services.MySql;

/// <summary>
/// What a stopped mysql service keeps: a consistent dump of its databases taken by the stop before any node
/// goes (<c>services/&lt;id&gt;/snapshots/stop-&lt;time&gt;.sql</c> in the portal's data folder, so a start on any
/// cloud finds it), restored into the new master by the next start. A snapshot is written beside its final name
/// and renamed only once whole, so a crash never leaves a short one that looks complete; the last three are kept.
/// </summary>
public sealed class MySqlSnapshots(IOptions<ConPaaSOptions> options, AgentMySqlClient mysql, TimeProvider clock)
{
    private const string Prefix = "stop-", Extension = ".sql", Partial = ".partial", RestoredMarker = ".restored-into-node-";
    private const int Kept = 3;

    /// <summary>The service's snapshots, newest first.</summary>
    public IReadOnlyList<MySqlBackupDto> List(int serviceId)
    {
        var folder = Folder(serviceId);
        if (!Directory.Exists(folder))
            return [];
        return Directory.EnumerateFiles(folder, $"{Prefix}*{Extension}")
            .Select(path => new FileInfo(path))
            .Select(file => new MySqlBackupDto(Path.GetFileNameWithoutExtension(file.Name), "stop", TakenAt(file.Name), file.Length))
            .OrderByDescending(backup => backup.TakenAt)
            .ToList();
    }

    /// <summary>Dumps the master's databases into a new snapshot; throws, keeping nothing partial, when it cannot.</summary>
    public async Task<MySqlBackupDto> TakeAsync(int serviceId, AgentEndpoint master, CancellationToken ct)
    {
        var folder = Directory.CreateDirectory(Folder(serviceId)).FullName;
        var now = clock.GetUtcNow();
        var name = $"{Prefix}{now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}";
        var path = Path.Combine(folder, name + Extension);
        try
        {
            await using (var file = new FileStream(path + Partial, new FileStreamOptions
            {
                Mode = FileMode.Create,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            }))
            {
                await mysql.DownloadDumpAsync(master, file, ct);
                await file.FlushAsync(ct);
                file.Flush(flushToDisk: true);
            }
            File.Move(path + Partial, path, overwrite: true);
        }
        finally
        {
            File.Delete(path + Partial);
        }
        foreach (var old in List(serviceId).Skip(Kept))
        {
            File.Delete(Path.Combine(folder, old.Name + Extension));
            foreach (var marker in Directory.EnumerateFiles(folder, old.Name + RestoredMarker + "*"))
                File.Delete(marker);
        }
        return new MySqlBackupDto(name, "stop", now, new FileInfo(path).Length);
    }

    /// <summary>
    /// Loads the newest snapshot into <paramref name="master"/> when the master was made after it (a start after a
    /// stop) and has not had it yet; does nothing otherwise. Returns the snapshot loaded, if any.
    /// </summary>
    public async Task<MySqlBackupDto?> RestoreIntoNewMasterAsync(int serviceId, Node master, OperationProgress progress, CancellationToken ct)
    {
        if (List(serviceId).FirstOrDefault() is not { } newest || master.CreatedAt <= newest.TakenAt)
            return null;
        var marker = Path.Combine(Folder(serviceId), $"{newest.Name}{RestoredMarker}{master.Id}");
        if (File.Exists(marker))
            return null;
        var endpoint = ManagerContext.Endpoint(master);
        var loadId = $"restore-{newest.Name}";
        var status = await mysql.GetDumpLoadAsync(endpoint, loadId, ct);
        if (status is null)
        {
            await progress($"Restoring the databases kept by the stop ({newest.Bytes / 1024} KiB)", 0, (int)(newest.Bytes / 1024));
            await using var file = File.OpenRead(Path.Combine(Folder(serviceId), newest.Name + Extension));
            status = await mysql.StartDumpLoadAsync(endpoint, loadId, file, cancellationToken: ct);
        }
        var result = await mysql.FollowDumpLoadAsync(endpoint, status, loading => progress(
            "Restoring the databases kept by the stop", (int)(loading.BytesLoaded / 1024), (int)(loading.BytesTotal / 1024)), ct);
        if (!result.Succeeded)
            throw new ManagerException($"The databases kept by the stop ({newest.Name}) could not be restored: {MySqlDumpLoading.Describe(result)} The snapshot is kept; nothing was lost.");
        await File.WriteAllTextAsync(marker, clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture), ct);
        return newest;
    }

    private string Folder(int serviceId) =>
        Path.Combine(options.Value.ResolveDataDirectory(), "services", serviceId.ToString(CultureInfo.InvariantCulture), "snapshots");

    private static DateTimeOffset TakenAt(string fileName) =>
        DateTimeOffset.ParseExact(fileName[Prefix.Length..^Extension.Length], "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
