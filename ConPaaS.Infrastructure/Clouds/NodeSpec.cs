namespace ConPaaS.Infrastructure.Clouds;

/// <summary>
/// A node the portal wants: its id (unique in the installation; letters, digits, '.', '-', '_'), the roles it
/// will carry, an instance type of the cloud (null: the cloud's first), and the service's startup script.
/// </summary>
public sealed record NodeSpec(string NodeId, IReadOnlyList<string> Roles, string? InstanceType = null, string? StartupScript = null);
