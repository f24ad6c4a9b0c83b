namespace ConPaaS.Portal.Tests.Code;

/// <summary>
/// Everything a refused upload or push could have changed in a service's bare repository: every ref with its
/// commit, and the number of objects (loose and packed). Equal snapshots mean nothing was left behind.
/// </summary>
public sealed record RepositorySnapshot(string Refs, string Objects)
{
    public static async Task<RepositorySnapshot> TakeAsync(GitClient git, string repositoryPath)
    {
        var refs = await git.RunOkAsync(null, "--git-dir", repositoryPath, "for-each-ref", "--format=%(refname) %(objectname)");
        var counts = await git.RunOkAsync(null, "--git-dir", repositoryPath, "count-objects", "-v");
        var objects = string.Join(' ', counts.Split('\n').Where(l => l.StartsWith("count:") || l.StartsWith("in-pack:")));
        return new RepositorySnapshot(refs, objects);
    }
}
