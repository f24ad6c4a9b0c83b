namespace ConPaaS.Infrastructure.Services.Php;

/// <summary>Where the php manager gets a code version to ship to nodes: the service's git repository.</summary>
public interface IVersionArchives
{
    /// <summary>Whether the service has that version (a commit tagged with its id).</summary>
    Task<bool> ExistsAsync(int serviceId, string version, CancellationToken cancellationToken);

    /// <summary>Writes the version's files as a ZIP archive.</summary>
    Task WriteZipAsync(int serviceId, string version, Stream destination, CancellationToken cancellationToken);
}
