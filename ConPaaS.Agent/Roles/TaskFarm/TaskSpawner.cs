using System.Collections;
using System.Runtime.InteropServices;
using ConPaaS.Agent.Hosting;

namespace ConPaaS.Agent.Roles.TaskFarm;

/// <summary>
/// Starts one task exactly as <c>bash -c</c> would run it — <c>bash -c "$command" task-&lt;id&gt;</c> in the
/// task's folder, stdin from /dev/null, stdout and stderr into files there, <c>TASK_ID</c> in its environment,
/// every signal at its default, in a process group of its own so that a timeout or a cancellation kills it with
/// whatever it started — and waits for it. The task runs as the node's workload user: the spawned program is
/// <c>setpriv</c>, which drops to that user and then becomes bash (<see cref="WorkloadIdentity.Command"/>).
/// </summary>
/// <remarks>
/// This is glibc's <c>posix_spawn</c>, which clones without copying the agent's memory (vfork-style) and does
/// the folder, files and group in the child before the exec. .NET's <c>Process</c> can do none of those three,
/// and a shell in between (one per slot) costs a fork of bash per task: for short tasks that is as much as the
/// task itself. .NET reaps only the children its <c>Process</c> class started (unless the agent were pid 1 or
/// had inherited an ignored SIGCHLD, neither of which the clouds do), so the slot that started a task is the
/// one that reaps it.
/// </remarks>
internal sealed class TaskSpawner : IDisposable
{
    // O_RDONLY; O_WRONLY | O_CREAT | O_EXCL. The outputs are new files in a new folder: O_EXCL refuses anything already
    // there (a link put in place by a process of the workload's user), which root would otherwise follow.
    private const int ReadOnly = 0, WriteCreateNew = 0x1 | 0x40 | 0x80;
    private const short SetProcessGroup = 0x02, SetSignalDefaults = 0x04, SetSignalMask = 0x08;
    private const int Interrupted = 4; // EINTR

    private readonly string _program;
    private readonly IntPtr[] _fixedArguments; // argv before the command: "bash" "-c", or setpriv's and then bash "-c"
    private readonly IntPtr _attributes;
    private readonly IntPtr _allSignals;
    private readonly IntPtr _noSignals;
    private readonly IntPtr[] _environment; // the agent's environment, then TASK_ID, then the terminating null

    public TaskSpawner(WorkloadIdentity workload)
    {
        var bash = FindOnPath("bash") ?? "/bin/bash";
        var command = workload.Command(bash, ["-c"]);
        _program = command.Program;
        _fixedArguments = [.. new[] { Path.GetFileName(command.Program) }.Concat(command.Arguments).Select(Marshal.StringToCoTaskMemUTF8)];
        // Opaque glibc structures (80, 336 and 128 bytes on x86-64 and arm64): generous room, set up by their init calls.
        _attributes = Marshal.AllocHGlobal(1024);
        _allSignals = Marshal.AllocHGlobal(256);
        _noSignals = Marshal.AllocHGlobal(256);
        Check(posix_spawnattr_init(_attributes), "posix_spawnattr_init");
        Check(sigfillset(_allSignals) == 0 ? 0 : Marshal.GetLastPInvokeError(), "sigfillset");
        Check(sigemptyset(_noSignals) == 0 ? 0 : Marshal.GetLastPInvokeError(), "sigemptyset");
        // The runtime ignores SIGPIPE and handles others; an ignored signal would stay ignored across the exec.
        Check(posix_spawnattr_setsigdefault(_attributes, _allSignals), "posix_spawnattr_setsigdefault");
        Check(posix_spawnattr_setsigmask(_attributes, _noSignals), "posix_spawnattr_setsigmask");
        Check(posix_spawnattr_setpgroup(_attributes, 0), "posix_spawnattr_setpgroup");
        Check(posix_spawnattr_setflags(_attributes, SetProcessGroup | SetSignalDefaults | SetSignalMask), "posix_spawnattr_setflags");

        var inherited = new List<IntPtr>();
        foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            var name = (string)variable.Key;
            if (name != "TASK_ID" && !command.Environment.ContainsKey(name))
                inherited.Add(Marshal.StringToCoTaskMemUTF8($"{name}={variable.Value}"));
        }
        foreach (var (name, value) in command.Environment)
            inherited.Add(Marshal.StringToCoTaskMemUTF8($"{name}={value}"));
        _environment = [.. inherited, IntPtr.Zero, IntPtr.Zero];
    }

    /// <summary>
    /// Starts the task in <paramref name="folder"/> (which exists, is empty and is the workload's) and returns its pid,
    /// also its process group.
    /// </summary>
    /// <exception cref="TaskSpawnException">It could not be started (the folder or bash is missing, no more processes, …).</exception>
    public int Start(string folder, int id, string command)
    {
        var actions = Marshal.AllocHGlobal(256);
        var owned = new List<IntPtr>(3);
        try
        {
            Check(posix_spawn_file_actions_init(actions), "posix_spawn_file_actions_init");
            try
            {
                Check(posix_spawn_file_actions_addchdir_np(actions, folder), "chdir");
                Check(posix_spawn_file_actions_addopen(actions, 0, "/dev/null", ReadOnly, 0), "stdin");
                Check(posix_spawn_file_actions_addopen(actions, 1, "stdout", WriteCreateNew, 0b110_100_000), "stdout");
                Check(posix_spawn_file_actions_addopen(actions, 2, "stderr", WriteCreateNew, 0b110_100_000), "stderr");
                var name = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
                owned.Add(Marshal.StringToCoTaskMemUTF8(command));
                owned.Add(Marshal.StringToCoTaskMemUTF8($"task-{name}"));
                owned.Add(Marshal.StringToCoTaskMemUTF8($"TASK_ID={name}"));
                IntPtr[] arguments = [.. _fixedArguments, owned[0], owned[1], IntPtr.Zero];
                var environment = (IntPtr[])_environment.Clone();
                environment[^2] = owned[2];
                int error = posix_spawn(out int pid, _program, actions, _attributes, arguments, environment);
                if (error != 0)
                    throw new TaskSpawnException($"The task could not be started: {Marshal.GetPInvokeErrorMessage(error)}.");
                return pid;
            }
            finally
            {
                _ = posix_spawn_file_actions_destroy(actions);
            }
        }
        finally
        {
            Marshal.FreeHGlobal(actions);
            owned.ForEach(Marshal.FreeCoTaskMem);
        }
    }

    /// <summary>
    /// Blocks until the task ends and returns what bash's <c>$?</c> would: its exit code, or 128 + n when signal
    /// n ended it. Null if its status could not be read (ECHILD: someone else reaped it).
    /// </summary>
    public static int? Wait(int pid)
    {
        while (true)
        {
            if (waitpid(pid, out int status, 0) == pid)
                return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f);
            if (Marshal.GetLastPInvokeError() != Interrupted)
                return null;
        }
    }

    public void Dispose()
    {
        _ = posix_spawnattr_destroy(_attributes);
        Marshal.FreeHGlobal(_attributes);
        Marshal.FreeHGlobal(_allSignals);
        Marshal.FreeHGlobal(_noSignals);
        foreach (var variable in _environment.Where(p => p != IntPtr.Zero))
            Marshal.FreeCoTaskMem(variable);
        foreach (var argument in _fixedArguments)
            Marshal.FreeCoTaskMem(argument);
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, program))
            .FirstOrDefault(File.Exists);

    private static void Check(int error, string what)
    {
        if (error != 0)
            throw new TaskSpawnException($"The task could not be set up ({what}): {Marshal.GetPInvokeErrorMessage(error)}.");
    }

    // DllImport rather than LibraryImport (which needs unsafe code in the whole project): every argument is an
    // int, a pointer or a string marshalled as UTF-8; the posix_spawn family returns its error instead of errno.
#pragma warning disable SYSLIB1054
    [DllImport("libc")]
    private static extern int posix_spawn(out int pid, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, IntPtr fileActions, IntPtr attributes, IntPtr[] argv, IntPtr[] envp);

    [DllImport("libc")]
    private static extern int posix_spawn_file_actions_init(IntPtr actions);

    [DllImport("libc")]
    private static extern int posix_spawn_file_actions_destroy(IntPtr actions);

    [DllImport("libc")]
    private static extern int posix_spawn_file_actions_addopen(IntPtr actions, int fd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, int mode);

    [DllImport("libc")]
    private static extern int posix_spawn_file_actions_addchdir_np(IntPtr actions, [MarshalAs(UnmanagedType.LPUTF8Str)] string path);

    [DllImport("libc")]
    private static extern int posix_spawnattr_init(IntPtr attributes);

    [DllImport("libc")]
    private static extern int posix_spawnattr_destroy(IntPtr attributes);

    [DllImport("libc")]
    private static extern int posix_spawnattr_setflags(IntPtr attributes, short flags);

    [DllImport("libc")]
    private static extern int posix_spawnattr_setpgroup(IntPtr attributes, int processGroup);

    [DllImport("libc")]
    private static extern int posix_spawnattr_setsigdefault(IntPtr attributes, IntPtr signals);

    [DllImport("libc")]
    private static extern int posix_spawnattr_setsigmask(IntPtr attributes, IntPtr signals);

    [DllImport("libc", SetLastError = true)]
    private static extern int sigfillset(IntPtr signals);

    [DllImport("libc", SetLastError = true)]
    private static extern int sigemptyset(IntPtr signals);

    [DllImport("libc", SetLastError = true)]
    private static extern int waitpid(int pid, out int status, int options);
#pragma warning restore SYSLIB1054
}

/// <summary>A task that could not be started or waited for; its result says why.</summary>
internal sealed class TaskSpawnException(string message) : Exception(message);
