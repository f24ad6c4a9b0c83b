using System.Globalization;

namespace ConPaaS.Infrastructure.Credits;

/// <summary>Credit amounts as people read them: two decimals, more only when a price has them.</summary>
public static class CreditFormat
{
    public static string Amount(decimal amount) => amount.ToString("0.00##", CultureInfo.InvariantCulture);
}
