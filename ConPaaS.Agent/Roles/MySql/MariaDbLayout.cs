using System.Security.Cryptography;
using System.Text;
using ConPaaS.Agent.Hosting;

namespace ConPaaS.Agent.Roles.MySql;

/// <summary>
/// Where one role's MariaDB keeps everything: all of it under the role's folder of the node (never
/// <c>/var/lib/mysql</c> or <c>/etc/mysql</c>), except its error log, which goes to the node's log folder so
/// that the portal can read it like any other node log. The server runs as the node's workload user: the role's
/// folder and the option file are the agent's (the server may read them), the data, socket, temporary and
/// <c>secure_file_priv</c> folders the server's own, and <c>private/</c> the agent's alone (dumps on their way in,
/// the option files of the agent's own tools).
/// </summary>
internal sealed class MariaDbLayout
{
    // A Unix socket path may hold at most 107 bytes; a deep data folder would overflow it.
    private const int MaxSocketPathLength = 100;

    public MariaDbLayout(NodeFolders folders, string roleName)
    {
        // Not folders.RoleDirectory: that creates the folder at once, on every node, for a role it may never play.
        Root = Path.Combine(folders.Roles, roleName);
        DataDirectory = Path.Combine(Root, "data");
        RunDirectory = Path.Combine(Root, "run");
        TempDirectory = Path.Combine(Root, "tmp");
        FilesDirectory = Path.Combine(Root, "files");
        PrivateDirectory = Path.Combine(Root, "private");
        ServerConfig = Path.Combine(Root, "server.cnf");
        InitializedMarker = Path.Combine(Root, "initialized");
        PidFile = Path.Combine(RunDirectory, "mariadbd.pid");
        ErrorLog = Path.Combine(folders.Logs, $"{roleName}.log");
        Socket = SocketPath(Path.Combine(RunDirectory, "mariadbd.sock"));
    }

    public string Root { get; }

    public string DataDirectory { get; }

    public string RunDirectory { get; }

    /// <summary>MariaDB's temporary files, and the option file of a dump load (run as the workload's user).</summary>
    public string TempDirectory { get; }

    /// <summary><c>secure_file_priv</c>: the only folder the server reads or writes for SQL (the service's account has no FILE privilege anyway).</summary>
    public string FilesDirectory { get; }

    /// <summary>The agent's alone: uploaded dumps on their way in, and the option files of the agent's own tools.</summary>
    public string PrivateDirectory { get; }

    public string ServerConfig { get; }

    /// <summary>Written once the data folder holds a usable server (installed, users created, seeded).</summary>
    public string InitializedMarker { get; }

    public string PidFile { get; }

    public string Socket { get; }

    public string ErrorLog { get; }

    /// <summary>
    /// Creates the folders, none of them open to anyone but the agent and the server: they hold the databases and
    /// option files. A folder made by an earlier version (as root's) is handed over and tightened too.
    /// </summary>
    public void CreateDirectories(WorkloadIdentity workload)
    {
        workload.CreateSharedDirectory(Root);
        foreach (var directory in new[] { RunDirectory, TempDirectory, FilesDirectory })
            workload.CreatePrivateDirectory(directory);
        Directory.CreateDirectory(PrivateDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.SetUnixFileMode(PrivateDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        // A socket too deep for its path limit lives in a folder of the server's own in the temporary folder
        // (whose mode the server need not count on: a node's private /tmp may be root's alone).
        if (Path.GetDirectoryName(Socket) != RunDirectory)
            workload.CreatePrivateDirectory(Path.GetDirectoryName(Socket)!);
        workload.PrepareLogFile(ErrorLog);
    }

    private static string SocketPath(string preferred)
    {
        if (Encoding.UTF8.GetByteCount(preferred) <= MaxSocketPathLength)
            return preferred;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(preferred)))[..16];
        return Path.Combine(Path.GetTempPath(), $"conpaas-mariadb-{hash}", "mariadbd.sock");
    }
}
