using ConPaaS.Domain.Errors;
using ConPaaS.Domain.Services;
using ConPaaS.Infrastructure.Options;
using LibGit2Sharp;
using NotFoundException = ConPaaS.Domain.Errors.NotFoundException;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConPaaS.Infrastructure.Code;

/// <summary>
/// The code versions of php and java services, one bare repository each (<c>&lt;data&gt;/repos/&lt;id&gt;.git</c>).
/// A version is a tag naming a commit on main. No ownership checks here: the manager calls it for services it
/// already holds, and <see cref="CodeCommands"/> checks the caller first. Every method creates the repository on
/// first use, with the welcome page as <c>code-default</c>.
/// </summary>
public sealed class CodeRepositories
{
    private readonly IOptions<ConPaaSOptions> _options;
    private readonly ILogger<CodeRepositories> _logger;
    // One writer at a time per repository (an upload, a push, a deletion): an upload's new commit takes main's
    // head as parent, so a push landing in between would be lost. Reads take no lock; git updates refs atomically.
    private readonly Concurrency.KeyedLocks _locks = new();

    public CodeRepositories(IOptions<ConPaaSOptions> options, ILogger<CodeRepositories> logger)
    {
        _options = options;
        _logger = logger;
    }

    /// <summary>The folder holding every repository: <c>GIT_PROJECT_ROOT</c> for <c>git http-backend</c>.</summary>
    public string Root
    {
        get
        {
            var root = System.IO.Path.Combine(_options.Value.ResolveDataDirectory(), "repos");
            Directory.CreateDirectory(root);
            return root;
        }
    }

    public string PathOf(int serviceId) => System.IO.Path.Combine(Root, $"{serviceId}.git");

    /// <summary>Creates the repository unless it exists; safe to call concurrently and repeatedly.</summary>
    public async Task EnsureCreatedAsync(Service service, CancellationToken ct = default)
    {
        CodeServiceTypes.EnsureHasCode(service);
        // The check without the lock keeps reads (listing, downloads) from waiting for a long push.
        if (RepositoryInitializer.IsCurrent(PathOf(service.Id), service.CreatedAt))
            return;
        using (await _locks.AcquireAsync(service.Id, ct))
            RepositoryInitializer.EnsureCreated(Root, PathOf(service.Id), service.Id, service.CreatedAt);
    }

    /// <summary>The versions, newest first (the order in which main received them).</summary>
    public async Task<IReadOnlyList<CodeVersion>> ListAsync(Service service, CancellationToken ct = default)
    {
        await EnsureCreatedAsync(service, ct);
        using var repository = new Repository(PathOf(service.Id));
        return VersionList.Read(repository);
    }

    /// <summary>The version, or null when no such version exists (never created, or deleted).</summary>
    public async Task<CodeVersion?> FindAsync(Service service, string version, CancellationToken ct = default)
    {
        await EnsureCreatedAsync(service, ct);
        using var repository = new Repository(PathOf(service.Id));
        return VersionList.Find(repository, version) is { } commit ? VersionList.Describe(version, commit) : null;
    }

    /// <summary>
    /// Adds an uploaded archive as a new commit on main and a version. An archive that is refused (unsafe paths or
    /// links, damaged, empty, too large unpacked) adds nothing.
    /// </summary>
    /// <exception cref="InvalidInputException">The archive is refused; the message says why.</exception>
    public async Task<CodeVersion> AddUploadAsync(
        Service service, StagedArchive archive, string? description, string uploader, CancellationToken ct = default)
    {
        await EnsureCreatedAsync(service, ct);
        var plan = await Task.Run(() => ArchiveImporter.Inspect(archive.Path, new ArchiveLimits(_options.Value.Limits.MaxCodeUploadBytes)), ct);
        using (await _locks.AcquireAsync(service.Id, ct))
        {
            using var repository = new Repository(PathOf(service.Id));
            var tree = ArchiveImporter.Write(repository, archive.Path, plan);
            var parent = repository.Lookup<Commit>(CodeVersionIds.MainBranch);
            var now = DateTimeOffset.UtcNow;
            var author = new Signature(Signatures.Name(uploader), Signatures.Email(uploader), now);
            var committer = new Signature(RepositoryInitializer.PortalSignature.Name, RepositoryInitializer.PortalSignature.Email, now);
            var commit = repository.ObjectDatabase.CreateCommit(author, committer,
                CommitMessages.ForUpload(description, archive.FileName), tree, parent is null ? [] : [parent], prettifyMessage: false);
            repository.Refs.UpdateTarget(repository.Refs[CodeVersionIds.MainBranch], commit.Id, "ConPaaS: upload");
            var version = VersionList.Tag(repository, commit);
            _logger.LogInformation("Service {ServiceId}: upload became code version {Version}", service.Id, version);
            return VersionList.Describe(version, commit);
        }
    }

    /// <summary>The version's files as a ZIP in a temporary file, deleted when the stream is closed; positioned at its start.</summary>
    /// <exception cref="NotFoundException">No such version.</exception>
    public async Task<Stream> OpenZipAsync(Service service, string version, CancellationToken ct = default)
    {
        await EnsureCreatedAsync(service, ct);
        var file = new FileStream(System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"conpaas-version-{Guid.NewGuid():N}.zip"),
            FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            await Task.Run(() =>
            {
                using var repository = new Repository(PathOf(service.Id));
                var commit = VersionList.Find(repository, version) ?? throw new NotFoundException("Code version", version);
                ZipExporter.Write(commit, file);
            }, ct);
            file.Position = 0;
            return file;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    /// <summary>Writes the version's files as a ZIP to <paramref name="destination"/> (what a node's agent takes).</summary>
    /// <exception cref="NotFoundException">No such version.</exception>
    public async Task WriteZipAsync(Service service, string version, Stream destination, CancellationToken ct = default)
    {
        await using var zip = await OpenZipAsync(service, version, ct);
        await zip.CopyToAsync(destination, ct);
    }

    /// <summary>Deletes the version (its tag); the commit stays in main's history, which is never rewritten.</summary>
    /// <exception cref="NotFoundException">No such version.</exception>
    /// <exception cref="ConflictException">It is <paramref name="activeVersion"/>.</exception>
    public async Task DeleteAsync(Service service, string version, string? activeVersion, CancellationToken ct = default)
    {
        await EnsureCreatedAsync(service, ct);
        using (await _locks.AcquireAsync(service.Id, ct))
        {
            using var repository = new Repository(PathOf(service.Id));
            if (VersionList.Find(repository, version) is null)
                throw new NotFoundException("Code version", version);
            if (string.Equals(version, activeVersion, StringComparison.Ordinal))
                throw new ConflictException($"Code version {version} is the active one; activate another version before deleting it.");
            repository.Tags.Remove(version);
            _logger.LogInformation("Service {ServiceId}: code version {Version} deleted", service.Id, version);
        }
    }

    /// <summary>Holds the repository's writer lock, e.g. around a push, so that an upload cannot interleave with it.</summary>
    public Task<IDisposable> LockAsync(int serviceId, CancellationToken ct = default) => _locks.AcquireAsync(serviceId, ct);

    /// <summary>The commit main points at, or null; compared before and after a push.</summary>
    public string? ReadMain(int serviceId)
    {
        using var repository = new Repository(PathOf(serviceId));
        return repository.Refs[CodeVersionIds.MainBranch]?.TargetIdentifier;
    }

    /// <summary>
    /// After a push: when main moved away from <paramref name="mainBefore"/>, its new head becomes a version (only
    /// the head: the commits before it were never deployed). Returns that version, or null when main did not change.
    /// Call under <see cref="LockAsync"/>.
    /// </summary>
    public string? RecordPush(int serviceId, string? mainBefore)
    {
        using var repository = new Repository(PathOf(serviceId));
        var head = repository.Lookup<Commit>(CodeVersionIds.MainBranch);
        if (head is null || head.Sha == mainBefore)
            return null;
        var version = VersionList.Tag(repository, head);
        _logger.LogInformation("Service {ServiceId}: push became code version {Version}", serviceId, version);
        return version;
    }
}
