using System.Diagnostics;
using System.Globalization;
using Microsoft.Win32.SafeHandles;

namespace ConPaaS.Agent.Hosting;

/// <summary>
/// The unprivileged user every process that runs the user's code or holds the user's data runs as (nginx,
/// php-fpm, MariaDB, TaskFarm tasks, the startup script), and the files it may write. The agent itself may be
/// root; what it starts for the user is not. Decided once at start:
/// <list type="bullet">
/// <item><c>Agent:WorkloadUid</c>/<c>Agent:WorkloadGid</c> when the cloud gives them (numeric: the node need have
/// no account of that name, so nothing here ever resolves a name);</item>
/// <item>otherwise, for an agent running as root, <c>nobody</c> (65534:65534), with a warning;</item>
/// <item>otherwise no switch at all: the workloads run as the agent's own user, as before.</item>
/// </list>
/// A switch goes through util-linux <c>setpriv</c>: real, effective and saved ids, no supplementary groups, no new
/// privileges (set-uid binaries stay powerless) and no capabilities, except that nginx keeps the one to bind
/// ports below 1024 (ambient <c>CAP_NET_BIND_SERVICE</c>) where the node's network does not open them to everyone.
/// </summary>
public sealed class WorkloadIdentity
{
    public const int Nobody = 65534;
    public const string SetPriv = "/usr/bin/setpriv";

    private const UnixFileMode OwnerAll = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode GroupReadExecute = UnixFileMode.GroupRead | UnixFileMode.GroupExecute;

    private readonly ILogger _logger;
    private bool _capabilityFlags = true;

    public WorkloadIdentity(AgentOptions options, NodeFolders folders, ILogger<WorkloadIdentity> logger)
        : this(options.WorkloadUid, options.WorkloadGid, Environment.IsPrivilegedProcess, Path.Combine(folders.Root, "home"), logger)
    {
    }

    internal WorkloadIdentity(int? configuredUid, int? configuredGid, bool agentIsRoot, string home, ILogger logger)
    {
        _logger = logger;
        (Uid, Gid) = Resolve(configuredUid, configuredGid, agentIsRoot);
        if (configuredUid is null && Uid is not null)
            logger.LogWarning("Agent:WorkloadUid is not set and the agent runs as root: the node's workloads run as nobody ({Uid}:{Gid})", Uid, Gid);
        if (Switches)
        {
            Home = home;
            logger.LogInformation("The node's workloads run as uid {Uid}, gid {Gid}", Uid, Gid);
        }
    }

    /// <summary>The uid workloads run as, or null when they run as the agent's own user.</summary>
    public int? Uid { get; }

    public int? Gid { get; }

    /// <summary>True when workloads run as another user than the agent.</summary>
    public bool Switches => Uid is not null;

    /// <summary>The workload's own folder (its <c>HOME</c>) when it runs as another user; null otherwise.</summary>
    public string? Home { get; }

    /// <summary>The rule above, alone (for tests): configured ids win; root falls back to nobody; anyone else switches nothing.</summary>
    public static (int? Uid, int? Gid) Resolve(int? configuredUid, int? configuredGid, bool agentIsRoot)
    {
        if (configuredUid is { } uid)
        {
            var gid = configuredGid ?? uid;
            if (uid <= 0 || gid <= 0)
                throw new InvalidOperationException($"Agent:WorkloadUid and Agent:WorkloadGid must name an unprivileged user, not {uid}:{gid}.");
            return (uid, gid);
        }
        if (configuredGid is not null)
            throw new InvalidOperationException("Agent:WorkloadGid is set without Agent:WorkloadUid.");
        return agentIsRoot ? (Nobody, Nobody) : (null, null);
    }

    /// <summary>
    /// How to start <paramref name="program"/> as the workload: through <c>setpriv</c> when switching, else as
    /// it is. <paramref name="bindsLowPorts"/> keeps (only) the capability to bind ports below 1024.
    /// </summary>
    public WorkloadCommand Command(string program, IEnumerable<string> arguments, bool bindsLowPorts = false)
    {
        if (!Switches)
            return new WorkloadCommand(program, [.. arguments], new Dictionary<string, string>());
        var wrapped = new List<string>
        {
            $"--reuid={Uid!.Value.ToString(CultureInfo.InvariantCulture)}",
            $"--regid={Gid!.Value.ToString(CultureInfo.InvariantCulture)}",
            "--clear-groups",
            "--no-new-privs",
        };
        if (_capabilityFlags)
        {
            wrapped.AddRange(bindsLowPorts
                ? ["--inh-caps=-all,+net_bind_service", "--ambient-caps=-all,+net_bind_service", "--bounding-set=-all,+net_bind_service"]
                : ["--inh-caps=-all", "--bounding-set=-all"]);
        }
        wrapped.Add("--");
        wrapped.Add(program);
        wrapped.AddRange(arguments);
        return new WorkloadCommand(SetPriv, wrapped, new Dictionary<string, string> { ["HOME"] = Home! });
    }

    /// <summary>
    /// Checks once at start that <c>setpriv</c> can switch here (the capability flags need CAP_SETPCAP: without
    /// it they are left out, with a warning) and that the workload can reach <paramref name="nodeFolder"/>.
    /// </summary>
    public void CheckUsable(string nodeFolder)
    {
        if (!Switches)
            return;
        if (!Succeeds(Command("true", [], bindsLowPorts: true)))
        {
            _capabilityFlags = false;
            if (Succeeds(Command("true", [])))
                _logger.LogWarning("setpriv cannot set capabilities here (no CAP_SETPCAP?): workloads are started without dropping their bounding set, and nginx can bind ports below 1024 only where unprivileged ports start at 0");
            else
                _logger.LogError("setpriv cannot switch to uid {Uid}, gid {Gid}: no workload (nginx, php-fpm, MariaDB, tasks) can start on this node", Uid, Gid);
        }
        if (!Succeeds(Command("test", ["-x", nodeFolder])))
            _logger.LogError("Uid {Uid} cannot reach the node's folder {Folder} (a folder above it is closed to others): its workloads will fail", Uid, nodeFolder);
    }

    /// <summary>A folder only the workload uses (data, sessions, temporary files): its own, 0700.</summary>
    public string CreatePrivateDirectory(string path)
    {
        Directory.CreateDirectory(path);
        if (Switches)
            PosixFiles.SetDirectoryOwnerAndMode(path, Uid!.Value, Gid!.Value, OwnerAll);
        else
            File.SetUnixFileMode(path, OwnerAll);
        return path;
    }

    /// <summary>A folder of the agent's that the workload may enter and read but not change: agent's, group workload, 0750.</summary>
    public string CreateSharedDirectory(string path)
    {
        Directory.CreateDirectory(path);
        if (Switches)
            PosixFiles.SetDirectoryOwnerAndMode(path, -1, Gid!.Value, OwnerAll | GroupReadExecute);
        else
            File.SetUnixFileMode(path, OwnerAll);
        return path;
    }

    /// <summary>A file of the agent's (a configuration) the workload reads: group workload, 0640 (else owner-only).</summary>
    public void ShareFile(SafeFileHandle file, string path)
    {
        if (Switches)
            PosixFiles.SetOwnerAndMode(file, -1, Gid!.Value, OwnerReadWrite | UnixFileMode.GroupRead, path);
        else
            PosixFiles.SetOwnerAndMode(file, -1, -1, OwnerReadWrite, path);
    }

    /// <summary>
    /// A file the agent writes and the workload reads (an option file with its password), given to the workload, 0600.
    /// </summary>
    public void GiveFile(SafeFileHandle file, string path)
    {
        if (Switches)
            PosixFiles.SetOwnerAndMode(file, Uid!.Value, Gid!.Value, OwnerReadWrite, path);
    }

    /// <summary>
    /// A log file in the node's log folder (which stays the agent's) that a workload writes to: made if missing and
    /// given to the workload, 0640. The portal reads it through the agent like any other log.
    /// </summary>
    public void PrepareLogFile(string path)
    {
        if (!Switches)
            return;
        using (new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
        {
        }
        PosixFiles.SetFileOwnerAndMode(path, Uid!.Value, Gid!.Value, OwnerReadWrite | UnixFileMode.GroupRead);
    }

    /// <summary>
    /// Gives a whole tree the agent has just written (an unpacked code version) to the workload, deepest entries
    /// first and links themselves (never what they name). The tree's top must still be closed to the workload.
    /// </summary>
    public void GiveTree(string path)
    {
        if (!Switches)
            return;
        foreach (var entry in new DirectoryInfo(path).EnumerateFileSystemInfos("*", new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = false }))
        {
            if (entry is DirectoryInfo { LinkTarget: null } folder)
                GiveTree(folder.FullName);
            else
                PosixFiles.SetOwnerNoFollow(entry.FullName, Uid!.Value, Gid!.Value);
        }
        PosixFiles.SetDirectoryOwnerAndMode(path, Uid!.Value, Gid!.Value, OwnerAll | GroupReadExecute);
    }

    /// <summary>Gives one file the workload's process has open (a task's output) to the workload; a link is given as a link.</summary>
    public void GiveFileNoFollow(string path)
    {
        if (Switches)
            PosixFiles.SetOwnerNoFollow(path, Uid!.Value, Gid!.Value);
    }

    /// <summary>
    /// Removes a tree the workload may have written to. Its contents are removed as the workload itself
    /// (<c>rm -rf</c> through <c>setpriv</c>): as root, a folder swapped for a link mid-way would make the agent
    /// delete whatever it names. What the workload could not remove (the top, in a folder of the agent's, or
    /// entries it never had access to) goes afterwards. Never throws: a leftover is removed at the next start.
    /// </summary>
    public void DeleteTree(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (info.LinkTarget is not null || File.Exists(path))
            {
                info.Delete();
                return;
            }
            if (!Directory.Exists(path))
                return;
            if (Switches)
                Succeeds(Command("rm", ["-rf", "--one-file-system", "--", path]));
            if (Directory.Exists(path))
                Directory.Delete(path, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning("Could not remove {Path}: {Reason}", path, exception.Message);
        }
    }

    private static bool Succeeds(WorkloadCommand command)
    {
        var start = command.ToStartInfo();
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        try
        {
            using var process = Process.Start(start);
            if (process is null)
                return false;
            process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}

/// <summary>A program, its arguments and the environment variables to set, ready to start as the workload.</summary>
public sealed record WorkloadCommand(string Program, IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Environment)
{
    public ProcessStartInfo ToStartInfo()
    {
        var start = new ProcessStartInfo(Program) { UseShellExecute = false };
        foreach (var argument in Arguments)
            start.ArgumentList.Add(argument);
        foreach (var (name, value) in Environment)
            start.Environment[name] = value;
        return start;
    }
}
