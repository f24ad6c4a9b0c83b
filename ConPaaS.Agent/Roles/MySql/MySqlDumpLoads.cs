using System.Collections.Concurrent;

namespace ConPaaS.Agent.Roles.MySql;

/// <summary>
/// The dump loads this agent runs or ran, by the caller's id, so that the portal can follow a long load and
/// learn how it ended even when it lost track of it (a restart): asking again for a known id never loads twice.
/// One load runs at a time (the master role's gate); the last few finished ones are remembered.
/// </summary>
internal sealed class MySqlDumpLoads(MySqlRoles roles, IHostApplicationLifetime lifetime, ILogger<MySqlDumpLoads> logger)
{
    private const int FinishedKept = 16;
    private readonly ConcurrentDictionary<string, Load> _loads = new(StringComparer.Ordinal);

    public MySqlDumpLoadStatus? Get(string id) => _loads.TryGetValue(id, out var load) ? load.Status : null;

    /// <summary>
    /// Starts loading the received file (which this now owns and deletes); when <paramref name="id"/> is already
    /// known, the file is dropped and that load's status returned.
    /// </summary>
    public MySqlDumpLoadStatus Start(string id, string sqlPath, long bytes, string? database)
    {
        var load = new Load(id, bytes);
        if (!_loads.TryAdd(id, load))
        {
            File.Delete(sqlPath);
            return _loads[id].Status;
        }
        Forget();
        var master = roles.Master;
        // Runs to its end even when the caller stops waiting: stopping half-way leaves as much applied as finishing.
        _ = Task.Run(async () =>
        {
            try
            {
                load.Result = await roles.RunAsync(master,
                    () => master.LoadDumpAsync(sqlPath, bytes, database, loaded => load.BytesLoaded = loaded, lifetime.ApplicationStopping),
                    lifetime.ApplicationStopping);
            }
            catch (Exception failure)
            {
                logger.LogWarning(failure, "Loading dump {LoadId} failed", id);
                load.Result = new MySqlDumpLoadResult(false, bytes, Message: failure.Message);
            }
            finally
            {
                load.FinishedAt = DateTimeOffset.UtcNow;
                File.Delete(sqlPath);
            }
        });
        return load.Status;
    }

    private void Forget()
    {
        foreach (var old in _loads.Values.Where(l => l.FinishedAt is not null).OrderByDescending(l => l.FinishedAt).Skip(FinishedKept))
            _loads.TryRemove(old.Id, out _);
    }

    private sealed class Load(string id, long bytesTotal)
    {
        private long _bytesLoaded;

        public string Id { get; } = id;

        public long BytesLoaded
        {
            get => Interlocked.Read(ref _bytesLoaded);
            set => Interlocked.Exchange(ref _bytesLoaded, value);
        }

        private volatile MySqlDumpLoadResult? _result;

        public MySqlDumpLoadResult? Result
        {
            get => _result;
            set => _result = value;
        }

        public DateTimeOffset? FinishedAt { get; set; }

        public MySqlDumpLoadStatus Status => Result is { } result
            ? new MySqlDumpLoadStatus(Id, true, bytesTotal, bytesTotal, result)
            : new MySqlDumpLoadStatus(Id, false, BytesLoaded, bytesTotal, null);
    }
}
