using System.Collections.Concurrent;
using System.Diagnostics;
using ConPaaS.Infrastructure.Clouds.Local;

namespace ConPaaS.Infrastructure.Tests.Clouds.Fakes;

/// <summary>
/// The "hypervisor" behind the fake EC2 and OpenNebula endpoints: a machine gets a loopback address of the
/// test's own range, and "boots" by running its real user-data with bash (agent download, checksum,
/// credentials, agent start in the foreground), so the agent that answers is the one the user-data started.
/// Faults on demand: machines that never get an address, or whose boot never starts an agent.
/// Disposing kills every process it started, by pid.
/// </summary>
public sealed class FakeMachines : IDisposable
{
    private readonly ConcurrentDictionary<string, FakeMachine> _machines = new();
    private readonly Queue<string> _freeAddresses;
    private int _counter;

    public FakeMachines(string directory)
    {
        Directory = System.IO.Directory.CreateDirectory(directory).FullName;
        // The test's own range, moved to the loopback block: a fake VM's agent is a plain process of this host.
        var (start, _) = TestAddressRanges.Next();
        var octets = start.Split('.').Select(int.Parse).ToArray();
        _freeAddresses = new Queue<string>(Enumerable.Range(octets[3], 16).Select(host => $"127.{octets[1]}.{octets[2]}.{host}"));
    }

    public string Directory { get; }

    /// <summary>While true, new machines run but never get an address.</summary>
    public bool WithholdAddresses { get; set; }

    /// <summary>While true, new machines get an address but their user-data is not run: no agent ever answers.</summary>
    public bool SkipBoot { get; set; }

    /// <summary>A folder copied into every new machine's root before it boots: the machine image's /opt/conpaas.</summary>
    public string? Image { get; set; }

    public IReadOnlyCollection<FakeMachine> All => _machines.Values.OrderBy(m => m.Number).ToList();

    public FakeMachine Get(string id) => _machines[id];

    public bool TryGet(string id, out FakeMachine machine) => _machines.TryGetValue(id, out machine!);

    public FakeMachine Launch(string idPrefix, string instanceType, string userData, IReadOnlyDictionary<string, string> tags)
    {
        var number = Interlocked.Increment(ref _counter);
        var machine = new FakeMachine(number, $"{idPrefix}{number}", instanceType, userData, new Dictionary<string, string>(tags), DateTimeOffset.UtcNow)
        {
            Address = WithholdAddresses ? null : NextAddress(),
        };
        _machines[machine.Id] = machine;
        if (machine.Address is not null && !SkipBoot)
            Boot(machine);
        machine.State = FakeMachineState.Running;
        return machine;
    }

    public void Terminate(string id)
    {
        if (!_machines.TryGetValue(id, out var machine) || machine.State == FakeMachineState.Terminated)
            return;
        machine.State = FakeMachineState.Terminated;
        Kill(machine);
    }

    /// <summary>True while the machine's boot process (the agent, once bash exec'd into it) runs.</summary>
    public static bool IsProcessAlive(FakeMachine machine)
    {
        if (machine.Pid is not { } pid)
            return false;
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited && File.Exists($"/proc/{pid}/cmdline")
                && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        foreach (var machine in _machines.Values)
            Kill(machine);
    }

    private string NextAddress()
    {
        lock (_freeAddresses)
            return _freeAddresses.Dequeue();
    }

    private void Boot(FakeMachine machine)
    {
        var root = System.IO.Directory.CreateDirectory(Path.Combine(Directory, machine.Id)).FullName;
        if (Image is not null)
            CopyFolder(Image, root);
        File.WriteAllText(Path.Combine(root, "user-data.sh"), machine.UserData);
        var start = new ProcessStartInfo("bash")
        {
            ArgumentList = { "-c", "exec bash \"$1/user-data.sh\" </dev/null >>\"$1/boot.log\" 2>&1", "boot", root },
            UseShellExecute = false,
            WorkingDirectory = root,
            Environment =
            {
                ["CONPAAS_ROOT"] = root,
                ["CONPAAS_ADDRESS"] = machine.Address,
                ["CONPAAS_DOTNET"] = new LocalCloudOptions().ResolveDotnetPath(),
                ["CONPAAS_FOREGROUND"] = "1",
            },
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        machine.Pid = process.Id;
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in System.IO.Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static void Kill(FakeMachine machine)
    {
        if (machine.Pid is not { } pid)
            return;
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException)
        {
            // Already gone.
        }
    }
}

public enum FakeMachineState
{
    Pending,
    Running,
    Terminated,
}

public sealed class FakeMachine(int number, string id, string instanceType, string userData, Dictionary<string, string> tags, DateTimeOffset launchedAt)
{
    public int Number { get; } = number;

    public string Id { get; } = id;

    public string InstanceType { get; } = instanceType;

    public string UserData { get; } = userData;

    public Dictionary<string, string> Tags { get; } = tags;

    public DateTimeOffset LaunchedAt { get; } = launchedAt;

    public string? Address { get; set; }

    public int? Pid { get; set; }

    public FakeMachineState State { get; set; } = FakeMachineState.Pending;

    /// <summary>What the boot (user-data) printed, for failure messages.</summary>
    public string BootLog(string directory)
    {
        var path = Path.Combine(directory, Id, "boot.log");
        return File.Exists(path) ? File.ReadAllText(path) : "(not booted)";
    }
}
