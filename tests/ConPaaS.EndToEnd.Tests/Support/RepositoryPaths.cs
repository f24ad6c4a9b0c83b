namespace ConPaaS.EndToEnd.Tests.Support;

internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The configuration this test assembly was built in; the portal was built beside it in the same one.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";

    public static string PortalDll => Path.Combine(Root, "ConPaaS.Portal", "bin", Configuration, "net10.0", "ConPaaS.Portal.dll");

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
