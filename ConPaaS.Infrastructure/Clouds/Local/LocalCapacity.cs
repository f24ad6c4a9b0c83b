namespace ConPaaS.Infrastructure.Clouds.Local;

/// <summary>
/// What the host can hold: the sum of the running nodes' instance types (cores, memory) may not pass the
/// capacity, the host's own unless configured. Instance types without limits take nothing from it.
/// </summary>
internal sealed class LocalCapacity
{
    private readonly string _cloud;
    private readonly IReadOnlyList<InstanceTypeOptions> _types;

    public LocalCapacity(string cloud, LocalCapacityOptions options, IReadOnlyList<InstanceTypeOptions> types)
    {
        _cloud = cloud;
        _types = types;
        Cores = options.Cores > 0 ? options.Cores : Environment.ProcessorCount;
        MemoryMiB = options.MemoryMiB > 0 ? options.MemoryMiB : HostMemoryMiB();
    }

    public double Cores { get; }

    public long MemoryMiB { get; }

    public int? MaxNodesOf(string instanceType)
    {
        var type = _types.FirstOrDefault(candidate => candidate.Name == instanceType);
        if (type is null || (type.Cores <= 0 && type.MemoryMiB <= 0))
            return null;
        double byCores = type.Cores > 0 ? Math.Floor(Cores / type.Cores + 1e-9) : double.MaxValue;
        double byMemory = type.MemoryMiB > 0 ? Math.Floor((double)MemoryMiB / type.MemoryMiB) : double.MaxValue;
        return (int)Math.Min(byCores, byMemory);
    }

    /// <summary>Refuses, saying what is used and what is asked, a node that the host cannot hold beside the running ones.</summary>
    public void EnsureRoomFor(string instanceType, IEnumerable<string> runningTypes, string nodeId)
    {
        var type = Type(instanceType);
        if (type is null || (type.Cores <= 0 && type.MemoryMiB <= 0))
            return;
        var running = runningTypes.Select(Type).OfType<InstanceTypeOptions>().ToList();
        double cores = running.Sum(t => t.Cores);
        long memory = running.Sum(t => (long)t.MemoryMiB);
        if (cores + type.Cores <= Cores + 1e-9 && memory + type.MemoryMiB <= MemoryMiB)
            return;
        throw new CloudException(_cloud, FormattableString.Invariant(
            $"The local cloud '{_cloud}' cannot hold another {type.Name} node ({type.Cores:0.##} cores, {type.MemoryMiB} MiB): its running nodes use {cores:0.##} of {Cores:0.##} cores and {memory} of {MemoryMiB} MiB. Remove nodes, pick a smaller instance type, or raise the cloud's Local:Capacity."))
        {
            NodeIds = [nodeId],
        };
    }

    private InstanceTypeOptions? Type(string name) => _types.FirstOrDefault(candidate => candidate.Name == name);

    private static long HostMemoryMiB()
    {
        var total = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        return total > 0 ? total / (1024 * 1024) : long.MaxValue / (1024 * 1024);
    }
}
