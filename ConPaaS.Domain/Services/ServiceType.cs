namespace ConPaaS.Domain.Services;

/// <summary>An entry of the catalogue (the original's <c>available</c>): a type and the roles its nodes can carry.</summary>
public sealed record ServiceType(string Key, string DisplayName, string Description, IReadOnlyList<string> Roles)
{
    /// <summary>Not offered to users unless the installation enables it (the self-test type).</summary>
    public bool Hidden { get; init; }

    /// <summary>What a stop keeps of the service's data, in words for the Stop dialog; null when it keeps none.</summary>
    public string? KeptOnStop { get; init; }

    /// <summary>
    /// The original's role names in a manifest's <c>StartupInstances</c>: the role each one means (null: no node
    /// of its own) and how many of ours a count of it asks for.
    /// </summary>
    public IReadOnlyDictionary<string, (string? Role, Func<int, int> Count)> RoleAliases { get; init; } =
        new Dictionary<string, (string? Role, Func<int, int> Count)>();
}
