using System.Text.Json;
using ConPaaS.Agent.Code;
using ConPaaS.Agent.Hosting;

namespace ConPaaS.Agent.Roles.Php;

/// <summary><c>php-web</c>: nginx on the node's address, port 8080, serving one code version and passing PHP to the backends.</summary>
internal sealed class PhpWebRole(NodeFolders folders, AgentOptions options, CodeStore code, WorkloadIdentity workload, ILogger<PhpWebRole> logger)
    : PhpServerRole<PhpWebSettings, NginxServer>(
        new NginxServer(PhpRoleNames.Web, folders.RoleDirectory(PhpRoleNames.Web), folders.Logs, workload, logger),
        code, logger)
{
    public override string Name => PhpRoleNames.Web;

    protected override PhpWebSettings Read(JsonElement settings) =>
        PhpSettingsRules.Read(settings, PhpJsonContext.Default.PhpWebSettings, Name);

    protected override RenderedServerConfig Render(PhpWebSettings settings)
    {
        var listen = Listen(options, PhpSettingsRules.Port(settings.Port, PhpRoleNames.WebPort));
        var version = PhpSettingsRules.Version(settings.ActiveVersion);
        var backends = PhpSettingsRules.Servers(settings.Backends, "backends");
        var text = WebNginxConfig.Render(Server, listen, Code.DirectoryOf(version), backends);
        return new(text, listen, version);
    }
}
