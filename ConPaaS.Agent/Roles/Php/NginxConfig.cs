using System.Text;

namespace ConPaaS.Agent.Roles.Php;

/// <summary>
/// The frame of every nginx configuration a php role writes: a foreground master, its pid and temporary folders
/// in the server's own <c>run/</c> folder and its logs in the node's (never /etc/nginx, /run, /var/log or
/// /var/lib/nginx, which the workload's user cannot write), and the role's own <c>http</c> content. No <c>user</c>
/// directive: nginx runs as the workload's user from the start and has no other to switch to.
/// </summary>
internal static class NginxConfig
{
    public static string Frame(NginxServer server, string httpContent)
    {
        var temp = server.TempDirectory;
        var text = new StringBuilder()
            .AppendLine($"# Written by the ConPaaS agent for {server.RoleName}; rewritten at every configuration.")
            .AppendLine("daemon off;")
            .AppendLine("worker_processes 1;")
            .AppendLine($"pid {Quote(server.PidPath)};")
            .AppendLine($"error_log {Quote(server.ErrorLog)} warn;")
            .AppendLine("events { worker_connections 1024; }")
            .AppendLine("http {")
            .AppendLine(NginxInstallation.MimeTypes is { } mime ? $"    include {Quote(mime)};" : "    types { text/html html; text/css css; application/javascript js; }")
            .AppendLine("    default_type application/octet-stream;")
            .AppendLine($"    access_log {Quote(server.AccessLog)};")
            .AppendLine("    server_tokens off;")
            .AppendLine("    sendfile on;")
            .AppendLine("    keepalive_timeout 30s;")
            .AppendLine("    client_max_body_size 64m;")
            .AppendLine($"    client_body_temp_path {Quote(Path.Combine(temp, "client_body"))};")
            .AppendLine($"    proxy_temp_path {Quote(Path.Combine(temp, "proxy"))};")
            .AppendLine($"    fastcgi_temp_path {Quote(Path.Combine(temp, "fastcgi"))};");
        if (NginxInstallation.HasUwsgi)
            text.AppendLine($"    uwsgi_temp_path {Quote(Path.Combine(temp, "uwsgi"))};");
        if (NginxInstallation.HasScgi)
            text.AppendLine($"    scgi_temp_path {Quote(Path.Combine(temp, "scgi"))};");
        return text.Append(httpContent).AppendLine("}").ToString();
    }

    /// <summary>
    /// An upstream block; every server may fail once before it is skipped for a while, and nginx retries the
    /// request on the next one (a single server is never skipped: nginx ignores max_fails then).
    /// </summary>
    public static string Upstream(string name, IReadOnlyList<string> servers)
    {
        var text = new StringBuilder().AppendLine($"    upstream {name} {{");
        foreach (var server in servers)
            text.AppendLine($"        server {server} max_fails=1 fail_timeout=10s;");
        // Idle connections to the servers are kept and reused: a new connection per request costs the proxy a
        // third of its throughput.
        text.AppendLine("        keepalive 16;");
        return text.AppendLine("    }").ToString();
    }

    /// <summary>Paths were checked by <see cref="PhpSettingsRules.SafePath"/> or come from the agent's own folders.</summary>
    public static string Quote(string path) => $"\"{path}\"";
}
