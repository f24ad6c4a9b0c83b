namespace ConPaaS.Agent.Hosting;

/// <summary>
/// What the agent tightens at start, before any role runs: the node's private key becomes the agent's alone, and
/// when workloads run as another user, the node's folders become the agent's, which that user may enter but not
/// change (so it can neither rename the key's folder away nor plant a link where the agent writes), and the
/// workload gets a home of its own.
/// </summary>
public static class NodeFolderSecurity
{
    private const UnixFileMode OwnerAll = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public static void SecureNodeFolders(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<AgentOptions>();
        var folders = app.Services.GetRequiredService<NodeFolders>();
        var workload = app.Services.GetRequiredService<WorkloadIdentity>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(NodeFolderSecurity));

        TightenKey(options, folders, logger);
        if (workload.Switches)
        {
            foreach (var folder in new[] { folders.Root, folders.Logs, folders.Roles })
                workload.CreateSharedDirectory(folder);
            workload.CreatePrivateDirectory(workload.Home!);
        }
        workload.CheckUsable(folders.Root);
    }

    /// <summary>The key's folder (certs/) 0700 and the key 0600, whoever wrote them.</summary>
    private static void TightenKey(AgentOptions options, NodeFolders folders, ILogger logger)
    {
        var key = options.Resolve(options.KeyPath);
        var folder = Path.GetDirectoryName(key)!;
        try
        {
            File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            // A key kept in the node's folder itself leaves that folder as it is: workloads must reach below it.
            if (Path.GetFullPath(folder) != folders.Root)
                File.SetUnixFileMode(folder, OwnerAll);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("Could not make the node's key {Key} readable by the agent only: {Reason}", key, exception.Message);
        }
    }
}
