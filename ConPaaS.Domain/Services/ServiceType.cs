namespace ConPaaS.Domain.Services;

/// <summary>An entry of the catalogue (the original's <c>available</c>): a type and the roles its nodes can carry.</summary>
public sealed record ServiceType(string Key, string DisplayName, string Description, IReadOnlyList<string> Roles)
{
    /// <summary>Not offered to users unless the installation enables it (the self-test type).</summary>
    public bool Hidden { get; init; }

    /// <summary>What a stop keeps of the service's data, in words for the Stop dialog; null when it keeps none.</summary>
    public string? KeptOnStop { get; init; }
}
