namespace ConPaaS.Infrastructure.Clouds;

/// <summary>An instance type of a cloud and its price: one credit is one started hour of a node.</summary>
public sealed class InstanceTypeOptions
{
    public string Name { get; set; } = "";

    public decimal PricePerHour { get; set; }
}
