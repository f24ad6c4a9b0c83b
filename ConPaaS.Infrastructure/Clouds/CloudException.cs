namespace ConPaaS.Infrastructure.Clouds;

/// <summary>A cloud could not do what was asked (no free address, an agent that would not start, …).</summary>
public sealed class CloudException(string cloudName, string message, Exception? inner = null) : Exception(message, inner)
{
    public string CloudName { get; } = cloudName;

    /// <summary>The nodes the failed request concerned, when it concerned some.</summary>
    public IReadOnlyList<string> NodeIds { get; init; } = [];
}
