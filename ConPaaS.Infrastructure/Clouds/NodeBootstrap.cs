using ConPaaS.Infrastructure.Certificates;

namespace ConPaaS.Infrastructure.Clouds;

/// <summary>
/// Everything a new node receives at birth: its credentials (certificate and key naming it, our CA's
/// certificate) and the service's startup script. A local node gets them as files, a VM through user-data.
/// </summary>
public sealed record NodeBootstrap(NodeCredentials Credentials, string? StartupScript)
{
    public const string StartupScriptFileName = "startup.sh";
}
