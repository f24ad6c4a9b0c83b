namespace ConPaaS.Infrastructure.Clouds;

/// <summary>
/// An instance type of a cloud and its price: one credit is one started hour of a node. On the local cloud the
/// type also says how big a node is: its CPU share (<see cref="Cores"/>) and memory limit
/// (<see cref="MemoryMiB"/>), enforced with the node's cgroup; 0 means unlimited (and counts for nothing
/// against the host's capacity).
/// </summary>
public sealed class InstanceTypeOptions
{
    public string Name { get; set; } = "";

    public decimal PricePerHour { get; set; }

    /// <summary>The CPU time a node may use, in cores (0.5 is half of one core); 0 means no limit.</summary>
    public double Cores { get; set; }

    /// <summary>The memory a node's processes may hold together, in MiB; 0 means no limit.</summary>
    public int MemoryMiB { get; set; }
}
