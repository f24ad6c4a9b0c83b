using System.Diagnostics;
using System.Globalization;
using ConPaaS.Benchmarks.Shared;
using ConPaaS.Benchmarks.MySql;

// MySQL benchmark: the mysql service's replication figures on the local cloud (real MariaDB behind real agents),
// each beside a baseline measured in the same run. Run it through run.sh, which builds the portal and gives
// this program its paths:
//   --portal-dll <ConPaaS.Portal.dll> --run-dir <empty temp folder> [--mb 100] [--loaders 2]
//   [--write-seconds 20] [--read-seconds 10] [--readers 8]
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

var portalDll = Path.GetFullPath(Arg("--portal-dll", ""));
var runDirectory = Path.GetFullPath(Arg("--run-dir", ""));
var megabytes = Arg("--mb", 100);
var loaders = Arg("--loaders", 2);
var writeDuration = TimeSpan.FromSeconds(Arg("--write-seconds", 20.0));
var readDuration = TimeSpan.FromSeconds(Arg("--read-seconds", 10.0));
var readers = Arg("--readers", 8);
if (!File.Exists(portalDll) || !Directory.Exists(runDirectory) || megabytes < 1 || loaders < 1 || readers < 1)
{
    Console.Error.WriteLine($"Needs --portal-dll, an existing --run-dir, --mb ≥ 1, --loaders ≥ 1, --readers ≥ 1; got '{portalDll}', '{runDirectory}'.");
    return 2;
}

// The portal's local cloud takes 10.0.204.2–99 (isolated nodes); the baseline's two standalone servers sit on the
// host's loopback at 127.0.204.201 and .202, so neither side can take the other's address (other benchmarks use
// 10.0.201–203.x and 10.0.208.x, tests 10.16–199.x.x).
const string PortalRangeStart = "10.0.204.2", PortalRangeEnd = "10.0.204.99";
const string SourceAddress = "127.0.204.201", CopyAddress = "127.0.204.202";
const string Password = "Bench-mysql-pass-1";
var rows = (int)(megabytes * 1024L * 1024 / 1000); // ~1 KB a row
var probeEvery = TimeSpan.FromMilliseconds(200);
var timeout = TimeSpan.FromSeconds(240);

var total = Stopwatch.StartNew();
Console.WriteLine($"MySQL benchmark on the local cloud ({Environment.ProcessorCount} cores, load average " +
    $"{string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3))}); {rows} rows of ~1 KB (~{megabytes} MB), " +
    $"{loaders} loader connection(s), writes {writeDuration.TotalSeconds:0} s, reads {readDuration.TotalSeconds:0} s × {readers} readers");

Standalone? source = null, copy = null;
Portal? portal = null;
int? serviceId = null;
var exitCode = 0;
try
{
    // ---- Baseline of 1: the same data copied by hand between two standalone servers with the seeder's tool chain. ----
    source = await Standalone.StartAsync(Path.Combine(runDirectory, "base", "a"), SourceAddress, 1, readOnly: false, Password);
    var clock = Stopwatch.StartNew();
    copy = await Standalone.StartAsync(Path.Combine(runDirectory, "base", "b"), CopyAddress, 2, readOnly: true, Password);
    var standaloneStart = clock.Elapsed.TotalSeconds;
    await Workload.CreateSchemaAsync(SourceAddress, Standalone.User, Password);
    var sourceCs = Workload.ConnectionString(SourceAddress, Standalone.User, Password);
    var standaloneLoad = await Workload.LoadAsync(sourceCs, rows, loaders);
    var standaloneSize = await Workload.SizeMiBAsync(sourceCs);
    Log($"standalone servers up (the copy's install + start {standaloneStart:0.0} s); {rows} rows loaded into the source in {standaloneLoad:0.0} s ({standaloneSize:0} MiB on disk)");
    var standaloneCopy = await CopyByHandAsync(source, copy);
    var copied = await Workload.MaxIdAsync(Workload.ConnectionString(CopyAddress, Standalone.User, Password), "items");
    if (copied != rows)
        throw new InvalidOperationException($"The baseline copy holds rows up to {copied}, not {rows}.");
    Log($"baseline: mariadb-dump --single-transaction | mariadb between the standalone servers took {standaloneCopy:0.0} s");
    source.Kill();
    copy.Kill();

    // ---- The service: start, load, writes with no replica. ----
    portal = await Portal.StartAsync(portalDll, runDirectory, PortalRangeStart, PortalRangeEnd, "mysql-bench");
    var service = await portal.CreateServiceAsync("mysql", "bench-db", Password);
    serviceId = service.Id;
    clock.Restart();
    await portal.StartServiceAsync(service.Id);
    service = await portal.WaitUntilSettledAsync(service.Id, 1, timeout);
    var serviceStart = clock.Elapsed.TotalSeconds;
    var access = service.Access ?? throw new InvalidOperationException("The running service has no access details.");
    var masterHost = access.Host;
    Log($"portal up (pid {portal.Pid}); service {service.Id} started in {serviceStart:0.0} s, master at {masterHost}:{access.Port} as {access.User}");
    await Workload.CreateSchemaAsync(masterHost, access.User, Password);
    var master = Workload.ConnectionString(masterHost, access.User, Password);
    var masterLoad = await Workload.LoadAsync(master, rows, loaders);
    var masterSize = await Workload.SizeMiBAsync(master);
    Log($"{rows} rows loaded into the master in {masterLoad:0.0} s ({masterSize:0} MiB on disk)");

    // The no-replica write rate is measured twice, half the time before the replica comes and half after every
    // replica has gone again, so that the shared machine's load drifting during the run weighs on both sides.
    var aloneBefore = await Workload.WriteAsync(master, null, writeDuration / 2, probeEvery, 0);
    Log($"writes with no replica (before): {aloneBefore.Writes} in {aloneBefore.Seconds:0.0} s = {aloneBefore.PerSecond:0} /s");
    // The replica is seeded with exactly what the baseline copied: the write tables go back to empty.
    await Workload.TruncateAsync(master, "writes");
    await Workload.TruncateAsync(master, "probes");

    // ---- 1. add 1 slave → settled, and the replica has the last row. ----
    clock.Restart();
    await portal.AddNodesAsync(service.Id, "slave", 1);
    var steps1 = new List<string>();
    var (settledAfter, lastRowAfter, firstReplica) = await WaitForReplicasAsync(portal, service.Id, 1, clock, steps1);
    var seeding = Math.Max(settledAfter, lastRowAfter);
    Log($"1 slave added: settled after {settledAfter:0.0} s, last row on the replica ({firstReplica[0]}) after {lastRowAfter:0.0} s; " +
        $"operation steps first seen (polled every ~0.1 s): {string.Join("; ", steps1)}");
    var replicaCs = Workload.ConnectionString(firstReplica[0], access.User, Password);

    // ---- 2. writes with 1 replica, with lag probes and Seconds_Behind_Master samples. ----
    var replicated = await Workload.WriteAsync(master, replicaCs, writeDuration, probeEvery, 0);
    clock.Restart();
    var lastWrite = await Workload.MaxIdAsync(master, "writes");
    while (await Workload.MaxIdAsync(replicaCs, "writes") < lastWrite)
    {
        if (clock.Elapsed > timeout)
            throw new TimeoutException("The replica did not catch up with the writes.");
        await Task.Delay(20);
    }
    var catchUp = clock.Elapsed.TotalSeconds;
    Log($"writes with 1 replica: {replicated.Writes} in {replicated.Seconds:0.0} s = {replicated.PerSecond:0} /s; " +
        $"{replicated.LagsMs.Count} lag probes; the replica caught up {catchUp:0.00} s after the writer stopped");

    // ---- 3. reads over 1, then 3 replicas. ----
    // Through the service's read-only address (the master node's TCP balancer, which hands each connection to
    // the next replica), as an application would; and client-side round-robin straight to the replicas.
    var readAddress = Workload.ConnectionString(masterHost, access.User, Password, port: (uint)(access.ReadPort ?? 3307));
    var (reads1, seconds1) = await Workload.ReadAsync([replicaCs], readers, rows, readDuration);
    Log($"reads over 1 replica: {reads1} in {seconds1:0.0} s = {reads1 / seconds1:0} /s");
    var (balanced1, balancedSeconds1) = await Workload.ReadAsync([readAddress], readers, rows, readDuration);
    Log($"reads through the read address, 1 replica: {balanced1} in {balancedSeconds1:0.0} s = {balanced1 / balancedSeconds1:0} /s");
    clock.Restart();
    await portal.AddNodesAsync(service.Id, "slave", 2);
    var (settled3, lastRow3, replicas) = await WaitForReplicasAsync(portal, service.Id, 3, clock, []);
    Log($"2 more slaves added: settled after {settled3:0.0} s, last row on all 3 replicas after {lastRow3:0.0} s");
    var (reads3, seconds3) = await Workload.ReadAsync(replicas.Select(r => Workload.ConnectionString(r, access.User, Password)).ToList(),
        readers, rows, readDuration);
    Log($"reads over 3 replicas: {reads3} in {seconds3:0.0} s = {reads3 / seconds3:0} /s");
    var (balanced3, balancedSeconds3) = await Workload.ReadAsync([readAddress], readers, rows, readDuration);
    Log($"reads through the read address, 3 replicas: {balanced3} in {balancedSeconds3:0.0} s = {balanced3 / balancedSeconds3:0} /s");

    // ---- 2, second half of its baseline: every replica removed, writes with none again. ----
    clock.Restart();
    await portal.RemoveNodesAsync(service.Id, "slave", 3);
    await portal.WaitUntilSettledAsync(service.Id, 1, timeout);
    var removal = clock.Elapsed.TotalSeconds;
    var aloneAfter = await Workload.WriteAsync(master, null, writeDuration / 2, probeEvery, 100_000);
    Log($"3 slaves removed in {removal:0.0} s; writes with no replica (after): {aloneAfter.Writes} in {aloneAfter.Seconds:0.0} s = {aloneAfter.PerSecond:0} /s");
    var alonePerSecond = (aloneBefore.Writes + aloneAfter.Writes) / (aloneBefore.Seconds + aloneAfter.Seconds);

    // ---- Report. ----
    var lags = replicated.LagsMs;
    var behind = replicated.SecondsBehind.Select(s => (double)s).ToList();
    Console.WriteLine();
    Console.WriteLine($"{"measure",-58} {"service",12} {"baseline",12} {"ratio",7}");
    Row("1. add 1 slave → settled + last row on the replica", $"{seeding:0.0} s", $"{standaloneCopy:0.0} s", seeding / standaloneCopy,
        $"baseline: mariadb-dump --single-transaction | mariadb, standalone → standalone, same {rows} rows ({standaloneSize:0} MiB)");
    Row("   the same, against the initial load into the master", $"{seeding:0.0} s", $"{masterLoad:0.0} s", seeding / masterLoad,
        $"batched multi-row INSERTs, {loaders} connection(s), {masterSize:0} MiB on disk");
    Row("   (initial load: service's master vs standalone server)", $"{masterLoad:0.0} s", $"{standaloneLoad:0.0} s", masterLoad / standaloneLoad, "");
    Row("2. single-row INSERTs/s, 1 replica vs none", $"{replicated.PerSecond:0}/s", $"{alonePerSecond:0}/s",
        replicated.PerSecond / alonePerSecond, $"one writer; {writeDuration.TotalSeconds:0} s with, {writeDuration.TotalSeconds / 2:0} s before + " +
        $"{writeDuration.TotalSeconds / 2:0} s after without ({aloneBefore.PerSecond:0}/s and {aloneAfter.PerSecond:0}/s)");
    Row($"   actual lag, commit → row on replica (n={lags.Count})",
        $"p50 {Percentile(lags, 0.50):0.0} ms", $"p99 {Percentile(lags, 0.99):0.0} ms", double.NaN, $"max {Max(lags):0.0} ms, polled every ~1 ms");
    Row($"   Seconds_Behind_Master (n={behind.Count}, every 0.5 s)",
        $"p50 {Percentile(behind, 0.50):0} s", $"p99 {Percentile(behind, 0.99):0} s", double.NaN, $"max {Max(behind):0} s; catch-up after the writer stopped {catchUp:0.00} s");
    Row($"3. point reads/s via the read address, 3 replicas vs 1", $"{balanced3 / balancedSeconds3:0}/s", $"{balanced1 / balancedSeconds1:0}/s",
        balanced3 / balancedSeconds3 / (balanced1 / balancedSeconds1), $"{readers} readers, one connection each, {readDuration.TotalSeconds:0} s each; the balancer spreads connections");
    Row("   read address vs straight to the 1 replica", $"{balanced1 / balancedSeconds1:0}/s", $"{reads1 / seconds1:0}/s",
        balanced1 / balancedSeconds1 / (reads1 / seconds1), "the balancer's own cost");
    Row($"   client-side round-robin, 3 replicas vs 1", $"{reads3 / seconds3:0}/s", $"{reads1 / seconds1:0}/s",
        reads3 / seconds3 / (reads1 / seconds1), $"{readers} readers, one connection per replica each");
    Console.WriteLine($"(other timings: service start → settled {serviceStart:0.0} s; standalone install + start {standaloneStart:0.0} s; " +
        $"add 2 more slaves → settled {settled3:0.0} s, last row on all {lastRow3:0.0} s; remove 3 slaves → settled {removal:0.0} s. " +
        $"Load average now {string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3))})");
    Console.WriteLine($"(lag probes, ms: {string.Join(' ', lags.Order().Select(l => l.ToString("0.0", CultureInfo.InvariantCulture)))})");
}
catch (Exception exception)
{
    Console.Error.WriteLine($"The benchmark failed: {exception}");
    if (portal is not null)
        Console.Error.WriteLine($"Portal output (last lines):\n{string.Join('\n', portal.Output.Split('\n').TakeLast(30))}");
    exitCode = 1;
}
finally
{
    // Stop what this run started: the service through the API, then the portal, then anything still naming
    // this run's folder (agents, their mariadbd servers, the baseline's), by pid.
    if (portal is not null)
    {
        if (serviceId is { } id)
        {
            try
            {
                var stopping = Stopwatch.StartNew();
                await portal.StopServiceAsync(id);
                await portal.WaitUntilStoppedAsync(id, TimeSpan.FromSeconds(60));
                Log($"service stopped through the API in {stopping.Elapsed.TotalSeconds:0.0} s");
            }
            catch (Exception exception)
            {
                Console.WriteLine($"Stopping the service through the API failed ({exception.Message}); killing what is left.");
            }
        }
        await portal.DisposeAsync();
    }
    source?.Kill();
    copy?.Kill();
    var killed = Leftovers.KillAll(runDirectory);
    Log($"portal stopped; {killed.Count} process(es) of this run had to be killed by pid{(killed.Count > 0 ? ": " + string.Join(", ", killed) : "")}");
}
return exitCode;

// mariadb-dump with the seeder's options (MySqlReplicaSeeder), piped by the shell into the copy's client as root
// through its socket with the binary log off, then FLUSH PRIVILEGES, as the seeder does. Returns the seconds.
async Task<double> CopyByHandAsync(Standalone from, Standalone to)
{
    var options = Tools.PrivateOptionFile(Path.Combine(runDirectory, "base", "dump.cnf"),
        $"[client]\nuser={Standalone.User}\npassword={Password}\nhost={from.Address}\nport=3306\n");
    var dump = $"mariadb-dump --defaults-file={options} --single-transaction --master-data=1 --gtid --all-databases " +
        "--routines --events --triggers --max-allowed-packet=64M";
    var load = "mariadb " + string.Join(' ', to.RootClient) + " '--init-command=SET SESSION sql_log_bin=0'";
    var clock = Stopwatch.StartNew();
    await Tools.RunAsync("bash", ["-c", $"set -o pipefail; {dump} | {load}"]);
    await Tools.RunAsync("mariadb", to.RootClient, "FLUSH PRIVILEGES;");
    return clock.Elapsed.TotalSeconds;
}

// Polls every 100 ms: when the service is settled with 1 + count nodes, and when every replica has the last
// loaded row. Returns both times (seconds on the clock) and the replicas' addresses.
// The operation's steps seen on the way go to `steps`, with the time each was first seen.
async Task<(double Settled, double LastRow, List<string> Replicas)> WaitForReplicasAsync(Portal on, int id, int count, Stopwatch clock, List<string> steps)
{
    double? settled = null, lastRow = null;
    string? step = null;
    var withRow = new HashSet<string>();
    List<string> addresses = [];
    while (settled is null || lastRow is null)
    {
        if (clock.Elapsed > timeout)
            throw new TimeoutException($"{count} replica(s) not settled with the last row within {timeout.TotalSeconds:0} s.");
        var nodes = await on.NodesAsync(id);
        if (settled is null)
        {
            var state = await on.ServiceAsync(id);
            if (state.State == "Error")
                throw new InvalidOperationException($"Service {id} went to Error: {state.StateReason}");
            if (state.ActiveOperation is { } operation && operation.Step != step)
            {
                step = operation.Step;
                steps.Add($"{clock.Elapsed.TotalSeconds:0.0} s {step}");
            }
            if (state.State == "Running" && state.ActiveOperation is null && nodes.Count == 1 + count && nodes.All(n => n.State == "Running"))
                settled = clock.Elapsed.TotalSeconds;
        }
        addresses = nodes.Where(n => n.Roles.Contains("slave") && n.Address is not null).Select(n => n.Address!).ToList();
        foreach (var address in addresses.Where(a => !withRow.Contains(a)))
        {
            if (await Workload.MaxIdAsync(Workload.ConnectionString(address, "mysqldb", Password), "items") >= rows)
                withRow.Add(address);
        }
        if (lastRow is null && addresses.Count == count && addresses.All(withRow.Contains))
            lastRow = clock.Elapsed.TotalSeconds;
        await Task.Delay(100);
    }
    return (settled.Value, lastRow.Value, addresses);
}

void Log(string message) => Console.WriteLine($"[{total.Elapsed.TotalSeconds,5:0.0} s] {message}");

static void Row(string name, string value, string baseline, double ratio, string note) =>
    Console.WriteLine($"{name,-58} {value,12} {baseline,12} {(double.IsNaN(ratio) ? "" : ratio.ToString("0.00", CultureInfo.InvariantCulture)),7}  {note}");

static double Percentile(List<double> values, double p)
{
    if (values.Count == 0) return double.NaN;
    var sorted = values.Order().ToList();
    return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}

static double Max(List<double> values) => values.Count == 0 ? double.NaN : values.Max();

T Arg<T>(string name, T fallback) where T : IParsable<T>
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? T.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}
