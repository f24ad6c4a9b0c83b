using System.Net;

namespace ConPaaS.Agent.Roles.Php;

/// <summary>The proxy: the service's public entry, balancing over the web servers and skipping failed ones.</summary>
internal static class ProxyNginxConfig
{
    public static string Render(NginxServer server, IPEndPoint listen, IReadOnlyList<string> webServers)
    {
        var location = webServers.Count == 0
            ? "            return 503;"
            : """
                          proxy_pass http://conpaas_php_web;
                          proxy_http_version 1.1;
                          proxy_set_header Connection "";
                          proxy_set_header Host $host;
                          proxy_set_header X-Real-IP $remote_addr;
                          proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                          proxy_set_header X-Forwarded-Proto $scheme;
                          proxy_connect_timeout 5s;
                          # A web server that fails or answers 502-504 is skipped for the next (idempotent requests only).
                          proxy_next_upstream error timeout http_502 http_503 http_504;
              """;
        var content = (webServers.Count == 0 ? "" : NginxConfig.Upstream("conpaas_php_web", webServers)) + $$"""
                server {
                    listen {{listen}} default_server;
                    server_name _;
                    location / {
            {{location}}
                    }
                }

            """;
        return NginxConfig.Frame(server, content);
    }
}
