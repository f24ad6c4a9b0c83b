using System.Globalization;

namespace ConPaaS.Infrastructure.Code;

/// <summary>What an archive may hold once unpacked: a small archive can expand a thousandfold (a "zip bomb").</summary>
public sealed record ArchiveLimits(long MaxArchiveBytes)
{
    /// <summary>Unpacked code may be this many times the largest archive accepted.</summary>
    public const int ExpansionFactor = 10;

    public const int MaxEntries = 100_000;

    public long MaxUnpackedBytes => MaxArchiveBytes * ExpansionFactor;

    public static string Describe(long bytes) => bytes >= 1024 * 1024
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KiB");
}
