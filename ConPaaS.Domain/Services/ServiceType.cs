namespace ConPaaS.Domain.Services;

/// <summary>An entry of the catalogue (the original's <c>available</c>): a type and the roles its nodes can carry.</summary>
public sealed record ServiceType(string Key, string DisplayName, string Description, IReadOnlyList<string> Roles);
