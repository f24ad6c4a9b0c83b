namespace ConPaaS.Agent;

/// <summary>Where the node keeps what it writes, all under its data folder.</summary>
public sealed class NodeFolders
{
    public NodeFolders(AgentOptions options)
    {
        Root = Path.GetFullPath(options.DataDirectory);
        Logs = Path.Combine(Root, "logs");
        Roles = Path.Combine(Root, "roles");
        StartupScript = Path.Combine(Root, "startup.sh");
        Directory.CreateDirectory(Logs);
        Directory.CreateDirectory(Roles);
    }

    public string Root { get; }

    public string Logs { get; }

    public string Roles { get; }

    public string StartupScript { get; }

    /// <summary>A role's private folder, created on first use.</summary>
    public string RoleDirectory(string roleName) => Directory.CreateDirectory(Path.Combine(Roles, roleName)).FullName;
}
