namespace ConPaaS.Infrastructure.Clouds.Local;

/// <summary>What the host lends the local cloud's nodes; 0 means the whole host.</summary>
public sealed class LocalCapacityOptions
{
    public double Cores { get; set; }

    public int MemoryMiB { get; set; }
}
