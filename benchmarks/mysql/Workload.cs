using System.Diagnostics;
using System.Globalization;
using System.Text;
using MySqlConnector;

namespace ConPaaS.Benchmarks.MySql;

/// <summary>What the benchmark does to a MariaDB server: the schema, the bulk load, the write load with its lag
/// probes, and the point reads.</summary>
public static class Workload
{
    /// <summary>Characters of a row's payload: with the id, k and name a row holds about 1 KB.</summary>
    public const int PayloadLength = 950;
    private const int BatchRows = 500;

    private static readonly string Noise = MakeNoise();

    public static string ConnectionString(string host, string user, string password, string database = "bench", uint port = 3306) =>
        new MySqlConnectionStringBuilder
        {
            Server = host,
            Port = port,
            UserID = user,
            Password = password,
            Database = database,
            Pooling = false,
            ConnectionTimeout = 10,
            DefaultCommandTimeout = 300,
        }.ConnectionString;

    public static async Task CreateSchemaAsync(string host, string user, string password)
    {
        await using var connection = new MySqlConnection(ConnectionString(host, user, password, ""));
        await connection.OpenAsync();
        await ExecuteAsync(connection,
            "CREATE DATABASE bench;" +
            "CREATE TABLE bench.items (id INT NOT NULL PRIMARY KEY, k INT NOT NULL, name VARCHAR(64) NOT NULL, payload VARCHAR(1000) NOT NULL, KEY (k)) ENGINE=InnoDB;" +
            "CREATE TABLE bench.writes (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, at DATETIME(6) NOT NULL, v VARCHAR(100) NOT NULL) ENGINE=InnoDB;" +
            "CREATE TABLE bench.probes (id INT NOT NULL PRIMARY KEY, at DATETIME(6) NOT NULL) ENGINE=InnoDB;");
    }

    /// <summary>Rows 1..<paramref name="rows"/> in batched multi-row INSERTs from <paramref name="loaders"/> connections
    /// (each its own id range); returns the seconds it took.</summary>
    public static async Task<double> LoadAsync(string connectionString, int rows, int loaders)
    {
        var clock = Stopwatch.StartNew();
        var share = (rows + loaders - 1) / loaders;
        await Task.WhenAll(Enumerable.Range(0, loaders).Select(i =>
            Task.Run(() => LoadRangeAsync(connectionString, 1 + i * share, Math.Min(rows, (i + 1) * share)))));
        return clock.Elapsed.TotalSeconds;
    }

    private static async Task LoadRangeAsync(string connectionString, int first, int last)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        var sql = new StringBuilder(BatchRows * (PayloadLength + 64));
        for (var start = first; start <= last; start += BatchRows)
        {
            sql.Clear().Append("INSERT INTO items (id, k, name, payload) VALUES ");
            for (var id = start; id <= Math.Min(last, start + BatchRows - 1); id++)
            {
                if (id != start) sql.Append(',');
                sql.Append('(').Append(id.ToString(CultureInfo.InvariantCulture)).Append(',')
                    .Append(((id * 7919L) % 1_000_003).ToString(CultureInfo.InvariantCulture)).Append(",'item ")
                    .Append(id.ToString(CultureInfo.InvariantCulture)).Append("','")
                    .Append(Noise, (int)((id * 2654435761L) % (Noise.Length - PayloadLength)), PayloadLength).Append("')");
            }
            await ExecuteAsync(connection, sql.ToString());
        }
    }

    /// <summary>The tables' size on disk as InnoDB reports it (data + indexes), in MiB.</summary>
    public static async Task<double> SizeMiBAsync(string connectionString)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection, "ANALYZE TABLE items");
        var bytes = await ScalarAsync(connection,
            "SELECT SUM(data_length + index_length) FROM information_schema.tables WHERE table_schema = 'bench' AND table_name = 'items'");
        return Convert.ToDouble(bytes, CultureInfo.InvariantCulture) / (1024 * 1024);
    }

    /// <summary>The largest id of <paramref name="table"/>, or 0 (also when the server or table is not there yet).</summary>
    public static async Task<long> MaxIdAsync(string connectionString, string table)
    {
        try
        {
            await using var connection = new MySqlConnection(connectionString);
            await connection.OpenAsync();
            var value = await ScalarAsync(connection, $"SELECT COALESCE(MAX(id), 0) FROM {table}");
            return Convert.ToInt64(value, CultureInfo.InvariantCulture);
        }
        catch (MySqlException)
        {
            return 0;
        }
    }

    public static async Task TruncateAsync(string connectionString, string table)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection, $"TRUNCATE TABLE {table}");
    }

    /// <summary>
    /// One writer doing single-row autocommit INSERTs as fast as it can for <paramref name="duration"/>. Beside it a
    /// prober inserts a row into <c>probes</c> every <paramref name="probeEvery"/>; with a replica it then polls the
    /// replica (every ~1 ms, after 20 ms every 5 ms) until that row is there — the actual lag from the master's commit to the row being
    /// readable on the replica — and a sampler reads <c>SHOW SLAVE STATUS</c>' Seconds_Behind_Master every 500 ms.
    /// Without a replica the prober still inserts at the same pace, so both runs carry the same extra writes.
    /// </summary>
    public static async Task<WriteResult> WriteAsync(string master, string? replica, TimeSpan duration, TimeSpan probeEvery, int firstProbeId)
    {
        using var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        var writer = Task.Run(async () =>
        {
            await using var connection = new MySqlConnection(master);
            await connection.OpenAsync();
            await using var insert = new MySqlCommand("INSERT INTO writes (at, v) VALUES (NOW(6), 'a single row written as fast as the server takes it')", connection);
            long writes = 0;
            while (clock.Elapsed < duration)
            {
                await insert.ExecuteNonQueryAsync();
                writes++;
            }
            return (writes, clock.Elapsed.TotalSeconds);
        });
        var lags = new List<double>();
        var prober = Task.Run(async () =>
        {
            await using var onMaster = new MySqlConnection(master);
            await onMaster.OpenAsync();
            await using var onReplica = replica is null ? null : new MySqlConnection(replica);
            if (onReplica is not null)
                await onReplica.OpenAsync();
            var id = firstProbeId;
            while (!stop.IsCancellationRequested)
            {
                id++;
                await ExecuteAsync(onMaster, $"INSERT INTO probes (id, at) VALUES ({id.ToString(CultureInfo.InvariantCulture)}, NOW(6))");
                var committed = Stopwatch.StartNew();
                if (onReplica is not null)
                {
                    await using var seen = new MySqlCommand($"SELECT 1 FROM probes WHERE id = {id.ToString(CultureInfo.InvariantCulture)}", onReplica);
                    while (await seen.ExecuteScalarAsync() is null)
                    {
                        if (committed.Elapsed > TimeSpan.FromSeconds(120))
                            throw new TimeoutException($"Probe row {id} did not reach the replica within 120 s.");
                        // Every ~1 ms for the first 20 ms, then every 5 ms: finer polling would itself load the 2 cores.
                        await Task.Delay(committed.Elapsed < TimeSpan.FromMilliseconds(20) ? 1 : 5);
                    }
                    lags.Add(committed.Elapsed.TotalMilliseconds);
                }
                try { await Task.Delay(probeEvery, stop.Token); }
                catch (OperationCanceledException) { }
            }
            return id;
        });
        var behind = new List<long>();
        var sampler = replica is null ? Task.CompletedTask : Task.Run(async () =>
        {
            await using var connection = new MySqlConnection(replica);
            await connection.OpenAsync();
            while (!stop.IsCancellationRequested)
            {
                await using (var status = new MySqlCommand("SHOW SLAVE STATUS", connection))
                await using (var reader = await status.ExecuteReaderAsync())
                {
                    if (await reader.ReadAsync())
                    {
                        var ordinal = reader.GetOrdinal("Seconds_Behind_Master");
                        if (!reader.IsDBNull(ordinal))
                            behind.Add(Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture));
                    }
                }
                try { await Task.Delay(500, stop.Token); }
                catch (OperationCanceledException) { }
            }
        });
        var (count, seconds) = await writer;
        await stop.CancelAsync();
        var lastProbe = await prober;
        await sampler;
        return new WriteResult(count, seconds, lags, behind, lastProbe);
    }

    /// <summary>
    /// <paramref name="readers"/> tasks doing point SELECTs by random primary key for <paramref name="duration"/>; each
    /// holds one connection per replica and sends its queries to the replicas in turn (round-robin, client-side).
    /// </summary>
    public static async Task<(long Reads, double Seconds)> ReadAsync(IReadOnlyList<string> replicas, int readers, int rows, TimeSpan duration)
    {
        var clock = new Stopwatch();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, readers).Select(r => Task.Run(async () =>
        {
            var connections = new List<MySqlConnection>();
            try
            {
                foreach (var replica in replicas)
                {
                    var connection = new MySqlConnection(replica);
                    connections.Add(connection);
                    await connection.OpenAsync();
                }
                var commands = connections.Select(c =>
                {
                    var command = new MySqlCommand("SELECT name, payload FROM items WHERE id = @id", c);
                    command.Parameters.Add("@id", MySqlDbType.Int32);
                    return command;
                }).ToList();
                await ready.Task;
                var random = new Random(r);
                long reads = 0;
                var next = r % commands.Count;
                while (clock.Elapsed < duration)
                {
                    var command = commands[next];
                    next = (next + 1) % commands.Count;
                    command.Parameters[0].Value = random.Next(1, rows + 1);
                    await using var reader = await command.ExecuteReaderAsync();
                    if (!await reader.ReadAsync())
                        throw new InvalidOperationException("A point read found no row.");
                    reads++;
                }
                foreach (var command in commands)
                    await command.DisposeAsync();
                return reads;
            }
            finally
            {
                foreach (var connection in connections)
                    await connection.DisposeAsync();
            }
        })).ToList();
        // All connections open first, then the clock starts for everyone at once.
        await Task.Delay(200);
        clock.Start();
        ready.SetResult();
        var counts = await Task.WhenAll(tasks);
        return (counts.Sum(), clock.Elapsed.TotalSeconds);
    }

    private static async Task ExecuteAsync(MySqlConnection connection, string sql)
    {
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(MySqlConnection connection, string sql)
    {
        await using var command = new MySqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    // 256 KiB of letters and digits; each row's payload is a slice of it at an offset hashed from its id, so rows
    // differ, the text compresses no better than such text would, and generating 100 MB costs no time.
    private static string MakeNoise()
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 ";
        var random = new Random(42);
        return string.Create(256 * 1024, random, (span, rng) =>
        {
            for (var i = 0; i < span.Length; i++)
                span[i] = Alphabet[rng.Next(Alphabet.Length)];
        });
    }
}

public sealed record WriteResult(long Writes, double Seconds, List<double> LagsMs, List<long> SecondsBehind, int LastProbeId)
{
    public double PerSecond => Writes / Seconds;
}
