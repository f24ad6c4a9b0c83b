using System.Globalization;
using System.Text;
using ConPaaS.Agent.Hosting;

namespace ConPaaS.Agent.Roles.MySql;

/// <summary>
/// The option file the server (and <c>mariadb-install-db</c>) reads instead of the system's: passed with
/// <c>--defaults-file</c>, so nothing of <c>/etc/mysql</c> applies. It holds no secret. No <c>user</c>: the server
/// is started as the workload's user and never switches itself.
/// </summary>
internal static class MariaDbServerConfig
{
    public static async Task WriteAsync(MariaDbLayout layout, MariaDbInstanceSettings settings, WorkloadIdentity workload, CancellationToken cancellationToken)
    {
        var text = new StringBuilder()
            .AppendLine("# Written by the ConPaaS agent at every start of the role; edits are lost.")
            .AppendLine("[mariadbd]")
            .AppendLine(CultureInfo.InvariantCulture, $"datadir={layout.DataDirectory}")
            .AppendLine(CultureInfo.InvariantCulture, $"socket={layout.Socket}")
            .AppendLine(CultureInfo.InvariantCulture, $"pid-file={layout.PidFile}")
            .AppendLine(CultureInfo.InvariantCulture, $"tmpdir={layout.TempDirectory}")
            .AppendLine(CultureInfo.InvariantCulture, $"log-error={layout.ErrorLog}")
            .AppendLine(CultureInfo.InvariantCulture, $"secure-file-priv={layout.FilesDirectory}")
            // The node's own address only: every node of the local cloud has port 3306 on its own loopback address.
            .AppendLine(CultureInfo.InvariantCulture, $"bind-address={settings.BindAddress}")
            .AppendLine(CultureInfo.InvariantCulture, $"port={settings.Port}")
            .AppendLine(CultureInfo.InvariantCulture, $"server-id={settings.ServerId}")
            // Binary log and GTIDs on every node, replicas included, so that a replica can later be promoted.
            .AppendLine("log-bin=mysql-bin")
            .AppendLine("relay-log=relay-bin")
            .AppendLine("binlog-format=ROW")
            .AppendLine("log-slave-updates=ON")
            .AppendLine("gtid-strict-mode=ON")
            .AppendLine("expire-logs-days=7")
            // Accounts are 'user'@'%': no host name look-ups, which also keeps connections fast without DNS.
            .AppendLine("skip-name-resolve=ON")
            .AppendLine("character-set-server=utf8mb4")
            .AppendLine("collation-server=utf8mb4_general_ci")
            .AppendLine("max-allowed-packet=64M")
            // Modest memory: many nodes may share one machine in the local cloud.
            .AppendLine("performance-schema=OFF")
            .AppendLine("innodb-buffer-pool-size=64M")
            .AppendLine("innodb-log-file-size=32M")
            .AppendLine(settings.ReadOnly ? "read-only=ON" : "read-only=OFF");
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite };
        await using var file = new FileStream(layout.ServerConfig, options);
        workload.ShareFile(file.SafeFileHandle, layout.ServerConfig);
        await using var writer = new StreamWriter(file);
        await writer.WriteAsync(text.ToString().AsMemory(), cancellationToken);
    }
}
