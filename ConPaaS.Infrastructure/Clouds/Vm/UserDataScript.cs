using System.Globalization;
using System.Text;
using ConPaaS.Infrastructure.Certificates;

namespace ConPaaS.Infrastructure.Clouds.Vm;

/// <summary>
/// The shell script a new machine runs once at first boot (EC2 user-data, OpenNebula's CONTEXT USER_DATA):
/// it installs the runtime when the image lacks it, fetches and checks the agent build unless the image already
/// holds that very build, writes this node's certificate and key (issued for this node only), and starts the
/// agent as a systemd service. The <c>CONPAAS_*</c> environment variables exist for images with other layouts
/// and for the test clouds, which run the same script with the agent in the foreground.
/// </summary>
public static class UserDataScript
{
    public const string AgentDllName = "ConPaaS.Agent.dll";

    public static string Create(string nodeId, NodeCredentials credentials, string agentUrl, string agentSha256, VmBootstrapOptions options)
    {
        NodeNames.EnsureValid(nodeId);
        var script = new StringBuilder();
        script.Append(CultureInfo.InvariantCulture, $$"""
            #!/bin/bash
            # ConPaaS node bootstrap of node {{nodeId}}, written by the portal; runs once, as root, at first boot.
            set -euo pipefail
            NODE_ID={{Quote(nodeId)}}
            AGENT_PORT={{options.AgentPort}}
            AGENT_URL={{Quote(agentUrl)}}
            AGENT_SHA256={{Quote(agentSha256)}}
            ROOT="${CONPAAS_ROOT:-/opt/conpaas}"
            NODE_DIR="$ROOT/node"
            ADDRESS="${CONPAAS_ADDRESS:-$(hostname -I | awk '{print $1}')}"

            install_runtime() {
              if [ -n "${CONPAAS_DOTNET:-}" ] || command -v dotnet >/dev/null; then return 0; fi
              {{options.RuntimeInstallCommand}}
            }

            # A ready image keeps the agent build with its checksum beside it: then nothing is downloaded.
            fetch_agent() {
              if [ -f "$ROOT/agent/{{AgentDllName}}" ] && [ "$(cat "$ROOT/agent/.sha256" 2>/dev/null)" = "$AGENT_SHA256" ]; then return 0; fi
              mkdir -p "$ROOT"
              curl -fsS --retry 5 --retry-all-errors -o "$ROOT/agent.tar.gz" "$AGENT_URL"
              echo "$AGENT_SHA256  $ROOT/agent.tar.gz" | sha256sum -c --quiet -
              rm -rf "$ROOT/agent" && mkdir -p "$ROOT/agent"
              tar -xzf "$ROOT/agent.tar.gz" -C "$ROOT/agent"
              echo "$AGENT_SHA256" > "$ROOT/agent/.sha256"
              rm -f "$ROOT/agent.tar.gz"
            }

            write_credentials() {
              mkdir -p "$NODE_DIR/certs"
              ( umask 077
                cat > "$NODE_DIR/certs/{{NodeCredentials.PrivateKeyFileName}}" <<'CONPAAS_PEM'
            {{credentials.ExportPrivateKeyPem().Trim()}}
            CONPAAS_PEM
              )
              cat > "$NODE_DIR/certs/{{NodeCredentials.CertificateFileName}}" <<'CONPAAS_PEM'
            {{credentials.CertificatePem.Trim()}}
            CONPAAS_PEM
              cat > "$NODE_DIR/certs/{{NodeCredentials.CaCertificateFileName}}" <<'CONPAAS_PEM'
            {{credentials.CaCertificatePem.Trim()}}
            CONPAAS_PEM
            }

            start_agent() {
              local dotnet="${CONPAAS_DOTNET:-$(command -v dotnet)}"
              local command=("$dotnet" "$ROOT/agent/{{AgentDllName}}" "--Agent:NodeId=$NODE_ID" "--Agent:Address=$ADDRESS"
                "--Agent:Port=$AGENT_PORT" "--Agent:DataDirectory=$NODE_DIR")
              mkdir -p "$NODE_DIR/logs"
              if [ "${CONPAAS_FOREGROUND:-0}" != 1 ] && [ -d /run/systemd/system ]; then
                printf '%s\n' '[Unit]' 'Description=ConPaaS agent' 'After=network-online.target' '[Service]' \
                  "ExecStart=${command[*]}" "WorkingDirectory=$NODE_DIR" 'Restart=on-failure' '[Install]' 'WantedBy=multi-user.target' \
                  > /etc/systemd/system/conpaas-agent.service
                systemctl daemon-reload
                systemctl enable --now conpaas-agent.service
              else
                cd "$NODE_DIR"
                exec "${command[@]}"
              fi
            }

            install_runtime
            fetch_agent
            write_credentials
            start_agent

            """);
        return script.ToString();
    }

    /// <summary>A bash single-quoted word.</summary>
    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
