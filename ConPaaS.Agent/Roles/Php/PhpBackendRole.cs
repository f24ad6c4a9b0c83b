using System.Text.Json;
using ConPaaS.Agent.Code;

namespace ConPaaS.Agent.Roles.Php;

/// <summary><c>php-backend</c>: a php-fpm pool on the node's address, port 9000, running one code version.</summary>
internal sealed class PhpBackendRole(NodeFolders folders, AgentOptions options, CodeStore code, ILogger<PhpBackendRole> logger)
    : PhpServerRole<PhpBackendSettings>(
        new PhpFpmServer(PhpRoleNames.Backend, folders.RoleDirectory(PhpRoleNames.Backend), Path.Combine(folders.Logs, $"{PhpRoleNames.Backend}-fpm.log"), logger),
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
        CreatePrivateDirectory(sessions);
        var text = PhpFpmPoolConfig.Render(
            Server.Directory, folders.Logs, listen, version, Code.DirectoryOf(version), sessions,
            PhpSettingsRules.Addresses(settings.AllowedClients, "allowedClients"),
            PhpSettingsRules.Environment(settings.Environment));
        return new(text, listen, version);
    }

    /// <summary>Session files name their session: only the owner (the pool's user) may list them.</summary>
    private static void CreatePrivateDirectory(string path)
    {
        Directory.CreateDirectory(path);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
