using ConPaaS.Cli.Configuration;
using ConPaaS.Cli.Portal;

namespace ConPaaS.Cli.Commands;

/// <summary>What a command works with: where to write, the stored credentials, and the portal they lead to.</summary>
public sealed class CliContext(TextWriter output, TextWriter error, CredentialsStore store) : IDisposable
{
    private PortalClient? _portal;

    public TextWriter Output { get; } = output;

    /// <summary>Errors and questions; standard output carries only results, so it can be piped.</summary>
    public TextWriter Error { get; } = error;

    public CredentialsStore Store { get; } = store;

    /// <summary>The portal of the stored credentials, opened on first use; no credentials means "not logged in".</summary>
    public PortalClient Portal => _portal ??= Connect();

    private PortalClient Connect()
    {
        var credentials = Store.Load() ?? throw CliFailure.NotLoggedIn($"not logged in (no {Store.FilePath})");
        return new PortalClient(credentials.Url, credentials.Token);
    }

    public void Dispose() => _portal?.Dispose();
}
