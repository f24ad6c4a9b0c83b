namespace ConPaaS.EndToEnd.Tests.Support;

internal static class RepositoryPaths
{
    /// <summary>Found on first use: a build with <c>--artifacts-path</c> puts this assembly outside the repository.</summary>
    public static string Root => field ??= FindRoot();

    /// <summary>The configuration this test assembly was built in; the portal was built beside it in the same one.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";

    public static string PortalDll => BuiltFile("ConPaaS.Portal", "ConPaaS.Portal.dll");

    /// <summary>The `cps` command-line client, run as <c>dotnet cps.dll</c>.</summary>
    public static string CliDll => BuiltFile("ConPaaS.Cli", "cps.dll");

    /// <summary>
    /// A project's output: with <c>--artifacts-path</c> it sits in <c>bin/&lt;Project&gt;/&lt;pivot&gt;/</c> beside this
    /// assembly's own folder; otherwise in the project's <c>bin/&lt;Configuration&gt;/net10.0/</c>.
    /// </summary>
    private static string BuiltFile(string project, string file)
    {
        var ownFolder = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        var artifacts = Path.GetFullPath(Path.Combine(ownFolder, "..", "..", project, Path.GetFileName(ownFolder), file));
        return File.Exists(artifacts) ? artifacts : Path.Combine(Root, project, "bin", Configuration, "net10.0", file);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ConPaaS.Portal.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("ConPaaS.Portal.sln not found above " + AppContext.BaseDirectory);
    }
}
