using System.Net;

namespace ConPaaS.Agent.Roles.Php;

/// <summary>
/// The web server: static files of one code version from this node's copy, <c>.php</c> to the backends over
/// FastCGI. The script is sent relative to the version's folder (<c>SCRIPT_FILENAME index.php</c>) because
/// every node keeps its code under its own data folder; the backend resolves it in its own copy (its pool's
/// <c>chdir</c> and <c>doc_root</c>), which also sets <c>DOCUMENT_ROOT</c>, so that is not sent either.
/// </summary>
internal static class WebNginxConfig
{
    public static string Render(NginxServer server, IPEndPoint listen, string versionDirectory, IReadOnlyList<string> backends)
    {
        var php = backends.Count == 0
            ? "            return 503;"
            : """
                          if (!-f $document_root/$php_script) { return 404; }
                          fastcgi_pass conpaas_php_backends;
                          fastcgi_next_upstream error timeout;
                          fastcgi_param SCRIPT_FILENAME $php_script;
                          fastcgi_param SCRIPT_NAME /$php_script;
                          fastcgi_param PATH_INFO $php_path_info;
                          fastcgi_param QUERY_STRING $query_string;
                          fastcgi_param REQUEST_METHOD $request_method;
                          fastcgi_param CONTENT_TYPE $content_type;
                          fastcgi_param CONTENT_LENGTH $content_length;
                          fastcgi_param REQUEST_URI $request_uri;
                          fastcgi_param DOCUMENT_URI $document_uri;
                          fastcgi_param SERVER_PROTOCOL $server_protocol;
                          fastcgi_param REQUEST_SCHEME $scheme;
                          fastcgi_param HTTPS $https if_not_empty;
                          fastcgi_param GATEWAY_INTERFACE CGI/1.1;
                          fastcgi_param SERVER_SOFTWARE nginx;
                          fastcgi_param REMOTE_ADDR $remote_addr;
                          fastcgi_param REMOTE_PORT $remote_port;
                          fastcgi_param SERVER_ADDR $server_addr;
                          fastcgi_param SERVER_PORT $server_port;
                          fastcgi_param SERVER_NAME $server_name;
                          fastcgi_param REDIRECT_STATUS 200;
                          # httpoxy: a client's "Proxy:" header must not become the application's HTTP_PROXY.
                          fastcgi_param HTTP_PROXY "";
              """;
        var content = (backends.Count == 0 ? "" : NginxConfig.Upstream("conpaas_php_backends", backends)) + $$"""
                server {
                    listen {{listen}} default_server;
                    server_name _;
                    root {{NginxConfig.Quote(versionDirectory)}};
                    index index.php index.html index.htm;
                    # Dot files (.git, .user.ini, .env) are never served.
                    location ~ /\.(?!well-known/) {
                        return 404;
                    }
                    location / {
                        try_files $uri $uri/ /index.php$is_args$args;
                    }
                    location ~ ^/(?<php_script>.+?\.php)(?<php_path_info>/.*)?$ {
            {{php}}
                    }
                }

            """;
        return NginxConfig.Frame(server, content);
    }
}
