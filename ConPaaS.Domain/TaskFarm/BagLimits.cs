namespace ConPaaS.Domain.TaskFarm;

/// <summary>
/// How large a bag the TaskFarm accepts. The limits protect the portal (one bag is held in memory and
/// in one database row set) and catch the common mistake of uploading the wrong file.
/// </summary>
public sealed record BagLimits
{
    public const int DefaultMaxTasks = 100_000;
    public const int DefaultMaxLineLength = 4_096;

    public static BagLimits Default { get; } = new();

    public int MaxTasks { get; init; } = DefaultMaxTasks;

    /// <summary>Characters a line may hold; a longer one is almost surely not a command.</summary>
    public int MaxLineLength { get; init; } = DefaultMaxLineLength;
}
