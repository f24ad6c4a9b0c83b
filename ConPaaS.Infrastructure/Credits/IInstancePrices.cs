namespace ConPaaS.Infrastructure.Credits;

/// <summary>What an hour of a node costs: its instance type's price on its cloud.</summary>
public interface IInstancePrices
{
    /// <summary>The price, or null when the cloud or the type is not configured (any more).</summary>
    decimal? PricePerHour(string cloud, string instanceType);
}
