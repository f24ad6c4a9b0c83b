using ConPaaS.Domain.Errors;

namespace ConPaaS.Domain.TaskFarm;

/// <summary>
/// A cloud instance type the TaskFarm may use. Its speed is unknown until sampled; a started billing unit
/// is paid in full.
/// </summary>
public sealed record MachineType
{
    public MachineType(string name, decimal pricePerUnit, int maxMachines, TimeSpan billingUnit)
    {
        if (string.IsNullOrWhiteSpace(name))
            throw new InvalidInputException("name", "A machine type needs a name.");
        if (pricePerUnit < 0)
            throw new InvalidInputException("price", $"Machine type {name}: the price cannot be negative.");
        if (maxMachines < 1)
            throw new InvalidInputException("maxMachines", $"Machine type {name}: allow at least one machine.");
        if (billingUnit <= TimeSpan.Zero)
            throw new InvalidInputException("billingUnit", $"Machine type {name}: the billing unit must be positive.");
        Name = name;
        PricePerUnit = pricePerUnit;
        MaxMachines = maxMachines;
        BillingUnit = billingUnit;
    }

    public string Name { get; }

    /// <summary>Price of one started billing unit.</summary>
    public decimal PricePerUnit { get; }

    public int MaxMachines { get; }

    public TimeSpan BillingUnit { get; }

    public double BillingUnitSeconds => BillingUnit.TotalSeconds;

    /// <summary>Billing units paid for <paramref name="uptimeSeconds"/> of uptime; any started unit counts.</summary>
    public int UnitsFor(double uptimeSeconds) => Billing.Units(uptimeSeconds, BillingUnitSeconds);

    public decimal CostFor(double uptimeSeconds) => UnitsFor(uptimeSeconds) * PricePerUnit;

    public static MachineType Hourly(string name, decimal pricePerHour, int maxMachines) =>
        new(name, pricePerHour, maxMachines, TimeSpan.FromHours(1));
}
