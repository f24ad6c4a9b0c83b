using System.Net;
using System.Text;

namespace ConPaaS.Agent.Roles.Php;

/// <summary>
/// A php-fpm master with one pool serving one code version: the pool works in the version's folder, which is
/// also PHP's <c>doc_root</c>, so scripts named relative by the web servers resolve in this node's copy. A
/// version switch rewrites these two lines and reloads. The pool names no <c>user</c>: master and workers run as the
/// workload's user from the start, and its pid and logs are in the server's own folders.
/// </summary>
internal static class PhpFpmPoolConfig
{
    public static string Render(
        PhpFpmServer server, IPEndPoint listen, string version, string versionDirectory,
        string sessionDirectory, IReadOnlyList<IPAddress> allowedClients, IReadOnlyList<KeyValuePair<string, string>> environment)
    {
        var clients = new[] { IPAddress.Loopback, listen.Address }.Concat(allowedClients).Select(address => address.ToString()).Distinct();
        var text = new StringBuilder()
            .AppendLine($"; Written by the ConPaaS agent for {server.RoleName}; rewritten at every configuration.")
            .AppendLine("[global]")
            .AppendLine($"pid = {Quote(server.PidPath)}")
            .AppendLine($"error_log = {Quote(server.ErrorLog)}")
            .AppendLine("daemonize = no")
            .AppendLine("; A reload (SIGUSR2) lets requests in flight finish on the old version for this long.")
            .AppendLine("process_control_timeout = 20s")
            .AppendLine()
            .AppendLine("[conpaas]")
            .AppendLine($"listen = {listen}")
            .AppendLine("listen.backlog = 511")
            .AppendLine($"listen.allowed_clients = {string.Join(',', clients)}")
            .AppendLine("pm = dynamic")
            .AppendLine("pm.max_children = 16")
            .AppendLine("pm.start_servers = 2")
            .AppendLine("pm.min_spare_servers = 1")
            .AppendLine("pm.max_spare_servers = 4")
            .AppendLine($"chdir = {Quote(versionDirectory)}")
            .AppendLine("clear_env = yes")
            .AppendLine("catch_workers_output = yes")
            .AppendLine("decorate_workers_output = no")
            .AppendLine("security.limit_extensions = .php");
        if (!environment.Any(pair => pair.Key == "PATH"))
            text.AppendLine("env[PATH] = '/usr/local/bin:/usr/bin:/bin'");
        text.AppendLine($"env[CONPAAS_CODE_VERSION] = '{version}'");
        foreach (var (name, value) in environment)
            text.AppendLine($"env[{name}] = '{value}'");
        return text
            .AppendLine($"php_admin_value[doc_root] = {Quote(versionDirectory)}")
            .AppendLine($"php_admin_value[error_log] = {Quote(server.PhpLog)}")
            .AppendLine("php_admin_flag[log_errors] = on")
            .AppendLine("php_value[session.save_handler] = files")
            .AppendLine($"php_value[session.save_path] = {Quote(sessionDirectory)}")
            .AppendLine("; Debian leaves session clean-up to a cron job that knows nothing of this folder.")
            .AppendLine("php_value[session.gc_probability] = 1")
            .AppendLine("php_value[session.gc_divisor] = 100")
            .ToString();
    }

    /// <summary>php-fpm reads '…' raw; paths were checked by <see cref="PhpSettingsRules.SafePath"/> or are the agent's own.</summary>
    private static string Quote(string value) => $"'{value}'";
}
