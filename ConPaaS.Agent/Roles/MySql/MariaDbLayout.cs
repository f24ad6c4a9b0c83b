using System.Security.Cryptography;
using System.Text;

namespace ConPaaS.Agent.Roles.MySql;

/// <summary>
/// Where one role's MariaDB keeps everything: all of it under the role's folder of the node (never
/// <c>/var/lib/mysql</c> or <c>/etc/mysql</c>), except its error log, which goes to the node's log folder so
/// that the portal can read it like any other node log.
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
        ServerConfig = Path.Combine(Root, "server.cnf");
        InitializedMarker = Path.Combine(Root, "initialized");
        PidFile = Path.Combine(RunDirectory, "mariadbd.pid");
        ErrorLog = Path.Combine(folders.Logs, $"{roleName}.log");
        Socket = SocketPath(Path.Combine(RunDirectory, "mariadbd.sock"));
    }

    public string Root { get; }

    public string DataDirectory { get; }

    public string RunDirectory { get; }

    /// <summary>MariaDB's temporary files, uploaded dumps on their way in, and short-lived option files.</summary>
    public string TempDirectory { get; }

    public string ServerConfig { get; }

    /// <summary>Written once the data folder holds a usable server (installed, users created, seeded).</summary>
    public string InitializedMarker { get; }

    public string PidFile { get; }

    public string Socket { get; }

    public string ErrorLog { get; }

    /// <summary>Creates the folders, readable by their owner only: they hold the databases and option files.</summary>
    public void CreateDirectories()
    {
        const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        foreach (var directory in new[] { Root, RunDirectory, TempDirectory })
            Directory.CreateDirectory(directory, OwnerOnly);
        // A folder made by an earlier version, or by hand, is tightened too: it holds everything below.
        File.SetUnixFileMode(Root, OwnerOnly);
    }

    private static string SocketPath(string preferred)
    {
        if (Encoding.UTF8.GetByteCount(preferred) <= MaxSocketPathLength)
            return preferred;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(preferred)))[..16];
        return Path.Combine(Path.GetTempPath(), $"conpaas-mariadb-{hash}.sock");
    }
}
