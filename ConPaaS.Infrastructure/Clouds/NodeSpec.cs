namespace ConPaaS.Infrastructure.Clouds;

/// <summary>
/// A node the portal wants: its id (unique in the installation; letters, digits, '.', '-', '_'), the roles it
/// will carry, an instance type of the cloud (null: the cloud's first), the service's startup script, and the
/// service it belongs to (named in the machine's tags, so a cloud console shows whose a machine is).
/// </summary>
public sealed record NodeSpec(
    string NodeId, IReadOnlyList<string> Roles, string? InstanceType = null, string? StartupScript = null, int? ServiceId = null);
