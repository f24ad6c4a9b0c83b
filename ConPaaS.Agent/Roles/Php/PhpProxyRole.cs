using System.Text.Json;
using ConPaaS.Agent.Code;
using ConPaaS.Agent.Hosting;

namespace ConPaaS.Agent.Roles.Php;

/// <summary><c>php-proxy</c>: nginx on the node's address, port 80, balancing over the web servers.</summary>
internal sealed class PhpProxyRole(NodeFolders folders, AgentOptions options, CodeStore code, WorkloadIdentity workload, ILogger<PhpProxyRole> logger)
    : PhpServerRole<PhpProxySettings, NginxServer>(
        new NginxServer(PhpRoleNames.Proxy, folders.RoleDirectory(PhpRoleNames.Proxy), folders.Logs, workload, logger),
        code, logger)
{
    public override string Name => PhpRoleNames.Proxy;

    protected override PhpProxySettings Read(JsonElement settings) =>
        PhpSettingsRules.Read(settings, PhpJsonContext.Default.PhpProxySettings, Name);

    protected override RenderedServerConfig Render(PhpProxySettings settings)
    {
        var listen = Listen(options, PhpSettingsRules.Port(settings.Port, PhpRoleNames.ProxyPort));
        var webServers = PhpSettingsRules.Servers(settings.WebServers, "webServers");
        return new(ProxyNginxConfig.Render(Server, listen, webServers), listen, Version: null);
    }
}
