using ConPaaS.Domain.Contracts;
using LibGit2Sharp;

namespace ConPaaS.Infrastructure.Code;

/// <summary>Reads and names versions: a version is a tag on a commit of main.</summary>
internal static class VersionList
{
    public static IReadOnlyList<CodeVersion> Read(Repository repository)
    {
        var tagged = repository.Tags
            .Where(t => CodeVersionIds.IsValid(t.FriendlyName) && t.PeeledTarget is Commit)
            .GroupBy(t => ((Commit)t.PeeledTarget).Sha)
            .ToDictionary(g => g.Key, g => g.Select(t => t.FriendlyName).Order(StringComparer.Ordinal).ToList());
        var versions = new List<CodeVersion>();
        var main = repository.Refs[CodeVersionIds.MainBranch];
        if (main is not null)
        {
            // Main's own order (newest first, parents after children) rather than timestamps, which can tie or lie.
            var history = repository.Commits.QueryBy(new CommitFilter
            {
                IncludeReachableFrom = main,
                SortBy = CommitSortStrategies.Topological | CommitSortStrategies.Time,
            });
            foreach (var commit in history)
            {
                if (!tagged.Remove(commit.Sha, out var names))
                    continue;
                versions.AddRange(names.Select(name => Describe(name, commit)));
                if (tagged.Count == 0)
                    break;
            }
        }
        // Tags off main cannot be made through the portal; list them rather than hide them.
        versions.AddRange(tagged.Values.SelectMany(n => n).Select(name => Describe(name, (Commit)repository.Tags[name].PeeledTarget))
            .OrderByDescending(v => v.CreatedAt));
        return versions;
    }

    public static Commit? Find(Repository repository, string version) =>
        CodeVersionIds.IsValid(version) ? repository.Tags[version]?.PeeledTarget as Commit : null;

    public static CodeVersion Describe(string version, Commit commit)
    {
        var (source, message) = version == CodeVersionIds.Default
            ? (CodeVersionSources.Default, commit.MessageShort)
            : CommitMessages.Read(commit.Message);
        return new CodeVersion(version, commit.Sha, source, message, commit.Author.Name, commit.Committer.When);
    }

    /// <summary>Names <paramref name="commit"/> as a version (its short id) unless a version names it already.</summary>
    public static string Tag(Repository repository, Commit commit)
    {
        var existing = repository.Tags.FirstOrDefault(t => t.PeeledTarget?.Sha == commit.Sha && CodeVersionIds.IsValid(t.FriendlyName));
        if (existing is not null)
            return existing.FriendlyName;
        var version = repository.ObjectDatabase.ShortenObjectId(commit, CodeVersionIds.ShortIdLength);
        repository.Tags.Add(version, commit);
        return version;
    }
}
