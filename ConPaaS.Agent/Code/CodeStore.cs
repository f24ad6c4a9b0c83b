using ConPaaS.Agent.Hosting;

namespace ConPaaS.Agent.Code;

/// <summary>
/// The node's code versions, each unpacked in its own folder <c>&lt;data&gt;/code/&lt;version&gt;/</c>, and the
/// link <c>current</c> naming the active one. Every change is a rename(2): an upload is unpacked beside the
/// others in a hidden folder and renamed into place, activation swaps the link, deletion renames the folder
/// away before removing it; so a failed or interrupted operation never leaves a half version behind.
/// The folder of versions and the link are the agent's; each version is the workload's (its servers read it, and
/// PHP installers write into it), given to it before it is renamed into place, and removed as the workload.
/// </summary>
public sealed class CodeStore
{
    /// <summary>The largest archive accepted in one upload.</summary>
    public const long MaxArchiveBytes = 1024L * 1024 * 1024;

    private const string IncomingPrefix = ".incoming-";
    private const string DeletingPrefix = ".deleting-";
    private const string LinkPrefix = ".current-";

    private readonly ILogger<CodeStore> _logger;
    private readonly WorkloadIdentity _workload;

    // Activation, deletion and the final rename of an upload must not interleave: a version being deleted
    // while it is activated would leave the active link dangling.
    private readonly SemaphoreSlim _changes = new(1, 1);

    public CodeStore(NodeFolders folders, WorkloadIdentity workload, ILogger<CodeStore> logger)
    {
        _logger = logger;
        _workload = workload;
        Root = workload.CreateSharedDirectory(Path.Combine(folders.Root, "code"));
        RemoveLeftovers();
        EnsureDefault();
    }

    public string Root { get; }

    private string CurrentLink => Path.Combine(Root, CodeVersionNames.CurrentLink);

    /// <summary>The version the <c>current</c> link names, or null before any activation.</summary>
    public string? ActiveVersion => new FileInfo(CurrentLink).LinkTarget;

    public CodeVersionList List()
    {
        var active = ActiveVersion;
        var versions = new DirectoryInfo(Root).EnumerateDirectories()
            .Where(directory => CodeVersionNames.IsValid(directory.Name) && directory.LinkTarget is null)
            .OrderBy(directory => directory.Name, StringComparer.Ordinal)
            .Select(directory => Describe(directory, active))
            .ToList();
        return new CodeVersionList(active, versions);
    }

    public CodeVersionInfo? Find(string version)
    {
        if (!CodeVersionNames.IsValid(version))
            return null;
        var directory = new DirectoryInfo(Path.Combine(Root, version));
        return directory.Exists ? Describe(directory, ActiveVersion) : null;
    }

    /// <summary>
    /// Unpacks <paramref name="archive"/> as <paramref name="version"/>. A version id names one content (a commit),
    /// so uploading a version that exists keeps the existing one and reports <c>Created = false</c>: a retried
    /// upload is harmless. To replace a version, delete it first.
    /// </summary>
    /// <exception cref="CodeArchiveRejectedException">The archive is too large, damaged or unsafe; nothing is left on disk.</exception>
    public async Task<(CodeVersionInfo Version, bool Created)> InstallAsync(string version, Stream archive, CancellationToken cancellationToken)
    {
        if (!CodeVersionNames.IsValid(version))
            throw new ArgumentException(CodeVersionNames.Describe(version), nameof(version));
        var id = Guid.NewGuid().ToString("N");
        var spool = Path.Combine(Root, $"{IncomingPrefix}{id}.zip");
        var staging = Path.Combine(Root, $"{IncomingPrefix}{id}");
        try
        {
            // ZIP keeps its directory at the end, so the body is spooled to disk rather than held in memory.
            await using var file = new FileStream(spool, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, useAsync: true);
            await CopyWithLimitAsync(archive, file, cancellationToken);
            file.Position = 0;
            // Closed to the workload until it is whole and given to it: nothing of it can be swapped meanwhile.
            Directory.CreateDirectory(staging, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            await CodeArchiveExtractor.ExtractAsync(file, staging, cancellationToken);
            _workload.GiveTree(staging);

            await _changes.WaitAsync(cancellationToken);
            try
            {
                var destination = Path.Combine(Root, version);
                if (Directory.Exists(destination))
                    return (Describe(new DirectoryInfo(destination), ActiveVersion), false);
                Directory.Move(staging, destination);
            }
            finally
            {
                _changes.Release();
            }
            _logger.LogInformation("Code version {Version} unpacked", version);
            return (Find(version)!, true);
        }
        finally
        {
            DeleteQuietly(spool);
            DeleteQuietly(staging);
        }
    }

    /// <summary>The folder of <paramref name="version"/>; <c>code-default</c> is written again if it was deleted.</summary>
    /// <exception cref="CodeVersionNotFoundException">The version was never uploaded here.</exception>
    public string DirectoryOf(string version)
    {
        if (version == CodeVersionNames.Default)
            EnsureDefault();
        var directory = Path.Combine(Root, version);
        return CodeVersionNames.IsValid(version) && Directory.Exists(directory)
            ? directory
            : throw new CodeVersionNotFoundException(version);
    }

    /// <summary>Makes <paramref name="version"/> the active one by swapping the <c>current</c> link atomically.</summary>
    public async Task<string> ActivateAsync(string version, CancellationToken cancellationToken)
    {
        await _changes.WaitAsync(cancellationToken);
        try
        {
            var directory = DirectoryOf(version);
            if (ActiveVersion == version)
                return directory;
            var link = Path.Combine(Root, LinkPrefix + Guid.NewGuid().ToString("N"));
            File.CreateSymbolicLink(link, version);
            NativeFiles.Rename(link, CurrentLink);
            _logger.LogInformation("Code version {Version} is now active", version);
            return directory;
        }
        finally
        {
            _changes.Release();
        }
    }

    /// <summary>Deletes a version; deleting one that is not there is not an error, so a retry is harmless.</summary>
    /// <exception cref="CodeVersionInUseException">The version is the active one.</exception>
    public async Task<CodeVersionList> DeleteAsync(string version, CancellationToken cancellationToken)
    {
        if (!CodeVersionNames.IsValid(version))
            throw new ArgumentException(CodeVersionNames.Describe(version), nameof(version));
        string trash;
        await _changes.WaitAsync(cancellationToken);
        try
        {
            if (ActiveVersion == version)
                throw new CodeVersionInUseException($"The code version '{version}' is active on this node; activate another one first.");
            var directory = Path.Combine(Root, version);
            if (!Directory.Exists(directory))
                return List();
            trash = Path.Combine(Root, DeletingPrefix + Guid.NewGuid().ToString("N"));
            Directory.Move(directory, trash);
        }
        finally
        {
            _changes.Release();
        }
        DeleteQuietly(trash);
        _logger.LogInformation("Code version {Version} deleted", version);
        return List();
    }

    private void EnsureDefault()
    {
        if (Directory.Exists(Path.Combine(Root, CodeVersionNames.Default)))
            return;
        var staging = Path.Combine(Root, IncomingPrefix + Guid.NewGuid().ToString("N"));
        try
        {
            DefaultCodeVersion.WriteTo(staging);
            _workload.GiveTree(staging);
            Directory.Move(staging, Path.Combine(Root, CodeVersionNames.Default));
        }
        catch (IOException) when (Directory.Exists(Path.Combine(Root, CodeVersionNames.Default)))
        {
            // Written by a concurrent caller in the meantime: the same page.
        }
        finally
        {
            DeleteQuietly(staging);
        }
    }

    /// <summary>An agent killed mid-upload or mid-deletion leaves hidden folders; they are never a version.</summary>
    private void RemoveLeftovers()
    {
        foreach (var entry in new DirectoryInfo(Root).EnumerateFileSystemInfos())
        {
            if (entry.Name.StartsWith(IncomingPrefix, StringComparison.Ordinal) || entry.Name.StartsWith(DeletingPrefix, StringComparison.Ordinal)
                || entry.Name.StartsWith(LinkPrefix, StringComparison.Ordinal))
                DeleteQuietly(entry.FullName);
        }
    }

    private static async Task CopyWithLimitAsync(Stream source, Stream destination, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > MaxArchiveBytes)
                throw new CodeArchiveRejectedException($"The archive is larger than {MaxArchiveBytes / (1024 * 1024)} MiB.");
            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
        if (total == 0)
            throw new CodeArchiveRejectedException("The upload is empty; send a ZIP archive as the request body.");
    }

    private static CodeVersionInfo Describe(DirectoryInfo directory, string? active) =>
        new(directory.Name, new DateTimeOffset(directory.LastWriteTimeUtc, TimeSpan.Zero), directory.Name == active);

    /// <summary>Removes a file, a link or a folder (as the workload where it could have written; never following links).</summary>
    private void DeleteQuietly(string path) => _workload.DeleteTree(path);
}
