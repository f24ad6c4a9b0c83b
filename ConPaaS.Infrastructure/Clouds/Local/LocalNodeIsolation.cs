namespace ConPaaS.Infrastructure.Clouds.Local;

/// <summary>How the local cloud separates its nodes from the host and from one another.</summary>
public enum LocalNodeIsolation
{
    /// <summary>
    /// Each node is a machine of its own (the default, which needs root): its own network, mount, pid, IPC and
    /// UTS namespaces, an address on the cloud's private network, a cgroup sized by its instance type, and an
    /// unprivileged user for everything the user's code drives. See docs/decisions/010.
    /// </summary>
    Namespaces,

    /// <summary>
    /// Each node is only a process bound to its own loopback address, for a portal that does not run as root.
    /// It protects nothing: a node's code runs as the portal's user and can read the portal's data folder.
    /// </summary>
    Loopback,
}
