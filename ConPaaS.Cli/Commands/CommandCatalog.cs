using System.CommandLine;

namespace ConPaaS.Cli.Commands;

/// <summary>The root command with every verb of this assembly.</summary>
public static class CommandCatalog
{
    public static RootCommand CreateRoot()
    {
        var root = new RootCommand("cps: manage your ConPaaS applications and services from the command line. Start with 'cps credentials'.");
        foreach (var command in All())
            root.Add(command);
        return root;
    }

    /// <summary>
    /// Found by reflection so that adding a verb is adding one *Command.cs file, with no list to keep in step;
    /// in name order, which is how help lists them.
    /// </summary>
    public static IEnumerable<CpsCommand> All() =>
        typeof(CpsCommand).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsClass: true } && t.IsSubclassOf(typeof(CpsCommand)))
            .Select(t => (CpsCommand)Activator.CreateInstance(t)!)
            .OrderBy(c => c.Name, StringComparer.Ordinal);
}
