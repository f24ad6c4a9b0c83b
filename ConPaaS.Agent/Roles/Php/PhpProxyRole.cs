using System.Text.Json;
using ConPaaS.Agent.Code;

namespace ConPaaS.Agent.Roles.Php;

/// <summary><c>php-proxy</c>: nginx on the node's address, port 80, balancing over the web servers.</summary>
internal sealed class PhpProxyRole(NodeFolders folders, AgentOptions options, CodeStore code, ILogger<PhpProxyRole> logger)
    : PhpServerRole<PhpProxySettings>(
        new NginxServer(PhpRoleNames.Proxy, folders.RoleDirectory(PhpRoleNames.Proxy), Path.Combine(folders.Logs, $"{PhpRoleNames.Proxy}-error.log"), logger),
        code, logger)
{
    public override string Name => PhpRoleNames.Proxy;

    protected override PhpProxySettings Read(JsonElement settings) =>
        PhpSettingsRules.Read(settings, PhpJsonContext.Default.PhpProxySettings, Name);

    protected override RenderedServerConfig Render(PhpProxySettings settings)
    {
        var listen = Listen(options, PhpSettingsRules.Port(settings.Port, PhpRoleNames.ProxyPort));
        var webServers = PhpSettingsRules.Servers(settings.WebServers, "webServers");
        return new(ProxyNginxConfig.Render(Server.Directory, folders.Logs, listen, webServers), listen, Version: null);
    }
}
