using System.Diagnostics;
using System.Globalization;
using ConPaaS.Benchmarks.Shared;
using ConPaaS.Benchmarks.Lifecycle;

// Lifecycle benchmark: how fast the portal gets nodes running on the local cloud, and what it and an agent
// hold in memory, each beside a baseline measured in the same run. Run it through run.sh, which builds the
// portal and gives this program its paths:
//   --portal-dll <ConPaaS.Portal.dll> --run-dir <empty temp folder> [--start-runs 7] [--add-runs 5]
//   [--services 20] [--settle 5 (seconds idle before 5 memory readings 1 s apart)]
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

var portalDll = Path.GetFullPath(Arg("--portal-dll", ""));
var runDirectory = Path.GetFullPath(Arg("--run-dir", ""));
var startRuns = Arg("--start-runs", 7);
var addRuns = Arg("--add-runs", 5);
var serviceCount = Arg("--services", 20);
var settle = TimeSpan.FromSeconds(Arg("--settle", 5.0));
var agentDll = Path.Combine(Path.GetDirectoryName(portalDll)!, "agent", "ConPaaS.Agent.dll");
if (!File.Exists(portalDll) || !File.Exists(agentDll) || !Directory.Exists(runDirectory))
{
    Console.Error.WriteLine($"Needs --portal-dll (with agent/ beside it) and an existing --run-dir; got '{portalDll}', '{runDirectory}'.");
    return 2;
}
if (startRuns < 1 || addRuns < 1 || serviceCount < startRuns + 1)
{
    Console.Error.WriteLine("Needs --start-runs ≥ 1, --add-runs ≥ 1 and --services > --start-runs.");
    return 2;
}

// Ranges no test uses (tests take 10.16–199.x.x; the default is 10.221.0.x): the portal's isolated nodes in
// 10.0.201.x, the baseline's bare loopback agents in 127.0.202.x.
const string PortalRangeStart = "10.0.201.2", PortalRangeEnd = "10.0.201.254";
const string DirectRangeStart = "127.0.202.1", DirectRangeEnd = "127.0.202.254";
const int AddCount = 5;
const double StartTarget = 2.0, AddTarget = 4.0, AgentTargetMiB = 60.0;
var timeout = TimeSpan.FromSeconds(90);

var total = Stopwatch.StartNew();
Console.WriteLine($"Lifecycle benchmark on the local cloud ({Environment.ProcessorCount} cores, load average " +
    $"{string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3))}); agent {agentDll}");

var direct = new DirectCloud(runDirectory, agentDll, DirectRangeStart, DirectRangeEnd);
Portal? portal = null;
var services = new List<int>();
var exitCode = 0;
try
{
    // Each portal run is paired with a baseline run right before it, so that the load of a shared machine
    // drifting during the run weighs on both sides of a ratio alike.
    var (directCold, warmNodes) = await direct.LaunchAsync(1); // first use: JIT, CA key, TLS; reported, not counted
    await direct.TerminateAsync(warmNodes);
    var probe = (await direct.LaunchAsync(1)).Nodes[0]; // a bare agent kept for the memory figure at the end

    // ---- The portal, idle with no service: the memory baseline, measured first. ----
    portal = await Portal.StartAsync(portalDll, runDirectory, PortalRangeStart, PortalRangeEnd, "lifecycle-bench",
        new Dictionary<string, string> { ["ConPaaS__Features__SelfTestService"] = "true" }, poll: TimeSpan.FromMilliseconds(50));
    var portalEmpty = await IdleMemoryAsync(portal.Pid);
    Console.WriteLine($"[{total.Elapsed.TotalSeconds,5:0.0} s] portal up (pid {portal.Pid}), idle memory with 0 services read");

    // ---- 1. start → Running with one node, against one agent launched directly. ----
    var portalCold = await StartOneAsync(portal, "warm-up"); // warms the portal up; reported, not counted
    var directOne = new List<double>();
    var portalStart = new List<double>();
    for (var i = 0; i < startRuns; i++)
    {
        var (seconds, nodes) = await direct.LaunchAsync(1);
        directOne.Add(seconds);
        await direct.TerminateAsync(nodes);
        portalStart.Add(await StartOneAsync(portal, $"start-{i + 1}"));
    }
    Console.WriteLine($"[{total.Elapsed.TotalSeconds,5:0.0} s] start: portal {Join(portalStart)} s, direct {Join(directOne)} s");

    // ---- 2. add 5 nodes → all Running (on services running one; removed again after), against 5 launched directly. ----
    var directFive = new List<double>();
    var portalAdd = new List<double>();
    for (var i = 0; i < addRuns; i++)
    {
        var (seconds, nodes) = await direct.LaunchAsync(AddCount);
        directFive.Add(seconds);
        await direct.TerminateAsync(nodes);

        var id = services[1 + i % (services.Count - 1)];
        var clock = Stopwatch.StartNew();
        await portal.AddNodesAsync(id, "test", AddCount);
        await portal.WaitUntilSettledAsync(id, 1 + AddCount, timeout);
        portalAdd.Add(clock.Elapsed.TotalSeconds);
        await portal.RemoveNodesAsync(id, "test", AddCount);
        await portal.WaitUntilSettledAsync(id, 1, timeout);
    }
    Console.WriteLine($"[{total.Elapsed.TotalSeconds,5:0.0} s] add {AddCount}: portal {Join(portalAdd)} s, direct {Join(directFive)} s");

    // ---- 3. the portal idle with N running services of one node each; their agents; the bare agent. ----
    var rest = new List<int>();
    for (var i = services.Count; i < serviceCount; i++)
    {
        var service = await portal.CreateServiceAsync("test", $"idle-{i + 1}");
        services.Add(service.Id);
        rest.Add(service.Id);
    }
    await Task.WhenAll(rest.Select(portal.StartServiceAsync));
    await Task.WhenAll(rest.Select(id => portal.WaitUntilSettledAsync(id, 1, timeout)));
    Console.WriteLine($"[{total.Elapsed.TotalSeconds,5:0.0} s] {services.Count} services running; settling {settle.TotalSeconds:0} s, then 5 readings");
    var portalFull = await IdleMemoryAsync(portal.Pid);
    var agentPids = new List<int>();
    foreach (var id in services)
        agentPids.AddRange(await AgentPidsAsync(portal, id));
    var portalAgents = ProcessMemory.Median(agentPids.Select(ProcessMemory.Read).ToList());
    await direct.StatusAsync(probe);
    await Task.Delay(TimeSpan.FromSeconds(1));
    var bareAgent = ProcessMemory.Read(direct.PidOf(probe));

    // ---- Report. ----
    var startMedian = Stats.Median(portalStart);
    var addMedian = Stats.Median(portalAdd);
    Console.WriteLine();
    Console.WriteLine($"{"measure",-52} {"portal",10} {"baseline",10} {"ratio",7}  target");
    Row($"1. start → Running, 1 node (median of {startRuns})", $"{startMedian:0.00} s", $"{Stats.Median(directOne):0.00} s",
        startMedian / Stats.Median(directOne), $"≤ {StartTarget:0} s");
    Row($"2. add {AddCount} nodes → all Running (median of {addRuns})", $"{addMedian:0.00} s", $"{Stats.Median(directFive):0.00} s",
        addMedian / Stats.Median(directFive), $"≤ {AddTarget:0} s");
    Row($"3. portal VmRSS, {services.Count} services vs 0", $"{portalFull.RssMiB:0.0} MiB", $"{portalEmpty.RssMiB:0.0} MiB",
        portalFull.RssMiB / portalEmpty.RssMiB, $"+{(portalFull.RssMiB - portalEmpty.RssMiB) / services.Count:0.00} MiB/service");
    Row($"   portal Pss, {services.Count} services vs 0", $"{portalFull.PssMiB:0.0} MiB", $"{portalEmpty.PssMiB:0.0} MiB",
        portalFull.PssMiB / portalEmpty.PssMiB, $"+{(portalFull.PssMiB - portalEmpty.PssMiB) / services.Count:0.00} MiB/service");
    Row($"   portal RssAnon (private), {services.Count} services vs 0", $"{portalFull.RssAnonMiB:0.0} MiB", $"{portalEmpty.RssAnonMiB:0.0} MiB",
        portalFull.RssAnonMiB / portalEmpty.RssAnonMiB, "");
    Row("   idle bare agent (after a status call), VmRSS", $"{bareAgent.RssMiB:0.0} MiB", $"{AgentTargetMiB:0} MiB", bareAgent.RssMiB / AgentTargetMiB, "target");
    Row("   idle bare agent, RssAnon (private)", $"{bareAgent.RssAnonMiB:0.0} MiB", $"{AgentTargetMiB:0} MiB", bareAgent.RssAnonMiB / AgentTargetMiB, "target");
    Row("   idle bare agent, Pss", $"{bareAgent.PssMiB:0.0} MiB", $"{AgentTargetMiB:0} MiB", bareAgent.PssMiB / AgentTargetMiB, "target");
    Row($"   portal's agents (median of {agentPids.Count}), VmRSS", $"{portalAgents.RssMiB:0.0} MiB", $"{AgentTargetMiB:0} MiB", portalAgents.RssMiB / AgentTargetMiB, "target");
    Row($"   portal's agents (median of {agentPids.Count}), RssAnon", $"{portalAgents.RssAnonMiB:0.0} MiB", $"{AgentTargetMiB:0} MiB", portalAgents.RssAnonMiB / AgentTargetMiB, "target");
    Row($"   portal's agents (median of {agentPids.Count}), Pss", $"{portalAgents.PssMiB:0.0} MiB", $"{AgentTargetMiB:0} MiB", portalAgents.PssMiB / AgentTargetMiB, "target");
    Console.WriteLine($"(first use, not counted: portal start {portalCold:0.00} s, direct launch {directCold:0.00} s; " +
        $"all runs: start {Join(portalStart)} vs {Join(directOne)}, add {Join(portalAdd)} vs {Join(directFive)}; MiB = 1024 KiB as /proc reports)");
    foreach (var failure in direct.FailedAttempts)
        Console.WriteLine($"baseline attempt failed and was repeated: {failure}");
    Console.WriteLine();
    Target($"start → Running ≤ {StartTarget:0} s", startMedian <= StartTarget, $"{startMedian:0.00} s");
    Target($"add {AddCount} nodes → all Running ≤ {AddTarget:0} s", addMedian <= AddTarget, $"{addMedian:0.00} s");
    Target($"idle agent ≤ {AgentTargetMiB:0} MiB resident (VmRSS)", bareAgent.RssMiB <= AgentTargetMiB,
        $"bare {bareAgent.RssMiB:0.0} MiB, portal's {portalAgents.RssMiB:0.0} MiB");
    Target($"idle agent ≤ {AgentTargetMiB:0} MiB private (RssAnon)", bareAgent.RssAnonMiB <= AgentTargetMiB,
        $"bare {bareAgent.RssAnonMiB:0.0} MiB, portal's {portalAgents.RssAnonMiB:0.0} MiB");
}
catch (Exception exception)
{
    Console.Error.WriteLine($"The benchmark failed: {exception}");
    exitCode = 1;
}
finally
{
    // Stop what this run started: services through the API, then the portal, then any agent still recorded.
    var leftovers = 0;
    if (portal is not null)
    {
        try
        {
            var stopping = Stopwatch.StartNew();
            await Task.WhenAll(services.Select(portal.StopServiceAsync));
            await Task.WhenAll(services.Select(id => portal.WaitUntilStoppedAsync(id, TimeSpan.FromSeconds(60))));
            Console.WriteLine($"Stopped {services.Count} services through the API in {stopping.Elapsed.TotalSeconds:0.0} s.");
        }
        catch (Exception exception)
        {
            Console.WriteLine($"Stopping services through the API failed ({exception.Message}); killing what is left.");
        }
        await portal.StopAsync();
        leftovers += Leftovers.KillAgents(portal.NodesDirectory, runDirectory);
        await portal.DisposeAsync();
    }
    await direct.DisposeAsync();
    leftovers += Leftovers.KillAgents(Path.Combine(runDirectory, "portal", "data", "nodes"), runDirectory);
    Console.WriteLine($"Portal and agents stopped ({leftovers} agent(s) had to be killed by pid). Done in {total.Elapsed.TotalSeconds:0.0} s.");
}
return exitCode;

// Idle memory moves with the garbage collector's rhythm: wait, then take the median of 5 readings 1 s apart.
async Task<ProcessMemory> IdleMemoryAsync(int pid)
{
    await Task.Delay(settle);
    var readings = new List<ProcessMemory>();
    for (var i = 0; i < 5; i++)
    {
        if (i > 0)
            await Task.Delay(TimeSpan.FromSeconds(1));
        readings.Add(ProcessMemory.Read(pid));
    }
    return ProcessMemory.Median(readings);
}

async Task<double> StartOneAsync(Portal on, string name)
{
    var service = await on.CreateServiceAsync("test", name);
    services.Add(service.Id);
    var clock = Stopwatch.StartNew();
    await on.StartServiceAsync(service.Id);
    await on.WaitUntilSettledAsync(service.Id, 1, timeout);
    return clock.Elapsed.TotalSeconds;
}

// The agent pids of a service's nodes, from their node.json files.
async Task<IReadOnlyList<int>> AgentPidsAsync(Portal on, int serviceId) =>
    (await on.NodesAsync(serviceId)).Select(node => Leftovers.PidOf(Path.Combine(on.NodesDirectory, $"node-{node.Id.ToString(CultureInfo.InvariantCulture)}"))).ToList();

static void Row(string name, string value, string baseline, double ratio, string target) =>
    Console.WriteLine($"{name,-52} {value,10} {baseline,10} {ratio,7:0.00}  {target}");

static void Target(string name, bool met, string figure) =>
    Console.WriteLine($"target {name}: {(met ? "met" : "NOT met")} ({figure})");

static string Join(IEnumerable<double> values) => string.Join(" ", values.Select(v => v.ToString("0.00", CultureInfo.InvariantCulture)));

T Arg<T>(string name, T fallback) where T : IParsable<T>
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? T.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}
