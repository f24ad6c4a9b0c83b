using System.Globalization;
using System.Text;
using LibGit2Sharp;

namespace ConPaaS.Infrastructure.Code;

/// <summary>
/// Creates a service's bare repository: built in a scratch folder and moved into place in one rename, so a crash
/// half-way leaves no half-made repository that later calls would take for a good one.
/// </summary>
internal static class RepositoryInitializer
{
    /// <summary>Written into the repository's config: tells a repository of a deleted service from one of a new service that reused its id.</summary>
    private const string OwnerKey = "conpaas.serviceCreatedAt";

    private static readonly (string Name, string Script)[] Hooks =
        [("pre-receive", GitHooks.PreReceive.ReplaceLineEndings("\n")), ("post-receive", GitHooks.PostReceive.ReplaceLineEndings("\n"))];

    public static readonly Signature PortalSignature = new("ConPaaS", "conpaas@localhost", DateTimeOffset.UnixEpoch);

    /// <summary>Whether <paramref name="path"/> already is this service's repository, with this portal's hooks.</summary>
    public static bool IsCurrent(string path, DateTimeOffset serviceCreatedAt) =>
        Directory.Exists(path) && ReadOwner(path) == Stamp(serviceCreatedAt) && HooksCurrent(path);

    /// <summary>Makes sure <paramref name="path"/> is this service's repository; call under the service's lock.</summary>
    public static void EnsureCreated(string root, string path, int serviceId, DateTimeOffset serviceCreatedAt)
    {
        var stamp = Stamp(serviceCreatedAt);
        if (Directory.Exists(path))
        {
            if (ReadOwner(path) == stamp)
            {
                // Its hooks differ (a repository made by an older portal): it gets today's hooks and push rules.
                using var existing = new Repository(path);
                Protect(existing, path);
                return;
            }
            // A database reset or restored beside an older data folder can give a new service an old id: its owner
            // must not see the old code. Kept, not deleted.
            var retired = Path.Combine(root, ".retired", $"{serviceId}-{Guid.NewGuid():N}.git");
            Directory.CreateDirectory(Path.GetDirectoryName(retired)!);
            Directory.Move(path, retired);
        }

        var scratch = Path.Combine(root, $".creating-{serviceId}-{Guid.NewGuid():N}.git");
        try
        {
            Create(scratch, serviceId, stamp);
            Directory.Move(scratch, path);
        }
        finally
        {
            if (Directory.Exists(scratch))
                Directory.Delete(scratch, recursive: true);
        }
    }

    private static string Stamp(DateTimeOffset serviceCreatedAt) => serviceCreatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture);

    private static string? ReadOwner(string path)
    {
        try
        {
            using var repository = new Repository(path);
            return repository.Config.Get<string>(OwnerKey)?.Value;
        }
        catch (RepositoryNotFoundException)
        {
            return null;
        }
    }

    private static void Create(string path, int serviceId, string stamp)
    {
        Repository.Init(path, isBare: true);
        using var repository = new Repository(path);
        var config = repository.Config;
        config.Set(OwnerKey, stamp);
        Protect(repository, path);

        using var content = new MemoryStream(Encoding.UTF8.GetBytes(WelcomePage.Render(serviceId)));
        var tree = new TreeDefinition();
        tree.Add("index.php", repository.ObjectDatabase.CreateBlob(content), Mode.NonExecutableFile);
        var now = new Signature(PortalSignature.Name, PortalSignature.Email, DateTimeOffset.UtcNow);
        var commit = repository.ObjectDatabase.CreateCommit(now, now,
            "Welcome page\n\nThe page a new service serves until its owner pushes or uploads code.\n",
            repository.ObjectDatabase.CreateTree(tree), [], prettifyMessage: false);
        repository.Refs.Add(CodeVersionIds.MainBranch, commit.Id);
        repository.Refs.UpdateTarget("HEAD", CodeVersionIds.MainBranch);
        repository.Tags.Add(CodeVersionIds.Default, commit);
    }

    private static void Protect(Repository repository, string path)
    {
        // A version is a commit: history that was pushed must never be rewritten or removed by a push.
        repository.Config.Set("receive.denyNonFastForwards", true);
        repository.Config.Set("receive.denyDeletes", true);
        repository.Config.Set("http.receivepack", true);
        repository.Config.Set("core.logAllRefUpdates", true);
        foreach (var (name, script) in Hooks)
            InstallHook(path, name, script);
    }

    private static bool HooksCurrent(string path) => Hooks.All(hook =>
    {
        var file = Path.Combine(path, "hooks", hook.Name);
        return File.Exists(file) && File.ReadAllText(file) == hook.Script;
    });

    private static void InstallHook(string repositoryPath, string name, string script)
    {
        var hooks = Path.Combine(repositoryPath, "hooks");
        Directory.CreateDirectory(hooks);
        var file = Path.Combine(hooks, name);
        File.WriteAllText(file, script);
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                                   | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
    }
}
