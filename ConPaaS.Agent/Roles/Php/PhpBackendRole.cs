using System.Text.Json;
using ConPaaS.Agent.Code;
using ConPaaS.Agent.Hosting;

namespace ConPaaS.Agent.Roles.Php;

/// <summary><c>php-backend</c>: a php-fpm pool on the node's address, port 9000, running one code version.</summary>
internal sealed class PhpBackendRole(NodeFolders folders, AgentOptions options, CodeStore code, WorkloadIdentity workload, ILogger<PhpBackendRole> logger)
    : PhpServerRole<PhpBackendSettings, PhpFpmServer>(
        new PhpFpmServer(PhpRoleNames.Backend, folders.RoleDirectory(PhpRoleNames.Backend), folders.Logs, workload, logger),
        code, logger)
{
    public override string Name => PhpRoleNames.Backend;

    protected override PhpBackendSettings Read(JsonElement settings) =>
        PhpSettingsRules.Read(settings, PhpJsonContext.Default.PhpBackendSettings, Name);

    protected override RenderedServerConfig Render(PhpBackendSettings settings)
    {
        var listen = Listen(options, PhpSettingsRules.Port(settings.Port, PhpRoleNames.BackendPort));
        var version = PhpSettingsRules.Version(settings.ActiveVersion);
        var sessions = settings.SessionDirectory is { } shared
            ? PhpSettingsRules.SafePath(shared, "sessionDirectory")
            : Path.Combine(Server.Directory, "sessions");
        // Session files name their session: only the pool's user may list them. A shared folder (all backends of the
        // service) is given to that user too; a link in its place is refused rather than followed.
        try
        {
            workload.CreatePrivateDirectory(sessions);
        }
        catch (IOException exception)
        {
            throw new InvalidRoleSettingsException($"The session folder {sessions} cannot be used: {exception.Message}");
        }
        var text = PhpFpmPoolConfig.Render(
            Server, listen, version, Code.DirectoryOf(version), sessions,
            PhpSettingsRules.Addresses(settings.AllowedClients, "allowedClients"),
            PhpSettingsRules.Environment(settings.Environment));
        return new(text, listen, version);
    }
}
