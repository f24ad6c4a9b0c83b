using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace ConPaaS.Agent.Roles.TaskFarm;

/// <summary>
/// A long-lived bash that runs one slot's tasks, one after another, each as a subshell in its own folder and its
/// own process group (so a timeout or a cancellation kills the task with everything it started). The agent
/// writes tasks into the shell's input ahead of time and reads what happened from its output, so the shell
/// goes from one task to the next without waiting for the agent: for short tasks, that round trip (and
/// forking the large agent process) would cost as much as the task itself.
/// </summary>
internal sealed class SlotShell : IDisposable
{
    /// <summary>A task the agent cancelled while it waited in the shell's input: a marker named after its id, here.</summary>
    public const string CancelledFolder = ".cancelled";

    // Job control (set -m) gives every background job a process group of its own. The task is exactly `bash -c`
    // (its own $$, $PPID this shell, $0 task-<id>), in its own folder, with no stdin and its output in files.
    // Runtimes are measured here ($EPOCHREALTIME is a variable, no fork), so the agent may read events late.
    private const string Script = """
        set -m
        exec 2>/dev/null
        while IFS= read -r -d '' __task_id && IFS= read -r -d '' __task_command; do
          if [[ -e .cancelled/$__task_id ]]; then printf 'skip %s\n' "$__task_id"; continue; fi
          __task_began=$EPOCHREALTIME
          ( cd -- "$__task_id" || exit 126; exec </dev/null >stdout 2>stderr; export TASK_ID="$__task_id"; exec bash -c "$__task_command" "task-$__task_id" ) &
          __task_pid=$!
          printf 'start %s %s\n' "$__task_id" "$__task_pid"
          wait "$__task_pid"
          printf 'end %s %s %s %s\n' "$__task_id" "$?" "$__task_began" "$EPOCHREALTIME"
        done
        """;

    private readonly Process _shell;

    public SlotShell(string tasksDirectory)
    {
        var start = new ProcessStartInfo("bash", ["-c", Script, "taskfarm-slot"])
        {
            WorkingDirectory = tasksDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
        };
        // The decimal point of $EPOCHREALTIME follows the locale.
        start.Environment["LC_ALL"] = "C";
        _shell = Process.Start(start) ?? throw new InvalidOperationException("bash did not start.");
    }

    /// <summary>Queues a task in the shell (its folder, named after its id, exists); it starts when those before it ended.</summary>
    /// <exception cref="IOException">The shell is gone.</exception>
    public void Send(int id, string command)
    {
        _shell.StandardInput.Write($"{id.ToString(CultureInfo.InvariantCulture)}\0{command}\0");
        _shell.StandardInput.Flush();
    }

    /// <summary>The next thing that happened: a task started, ended, or was skipped as cancelled.</summary>
    /// <exception cref="IOException">The shell is gone, or said something unexpected.</exception>
    public ShellEvent Read()
    {
        var line = _shell.StandardOutput.ReadLine() ?? throw new IOException("The slot's shell ended.");
        var parts = line.Split(' ');
        if (parts.Length >= 2 && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var id))
        {
            switch (parts[0])
            {
                case "start" when parts.Length == 3 && int.TryParse(parts[2], CultureInfo.InvariantCulture, out var pid):
                    return new ShellEvent(ShellEventKind.Started, id, pid, 0);
                case "end" when parts.Length == 5 && int.TryParse(parts[2], CultureInfo.InvariantCulture, out var status)
                                                   && double.TryParse(parts[3], CultureInfo.InvariantCulture, out var began)
                                                   && double.TryParse(parts[4], CultureInfo.InvariantCulture, out var ended):
                    return new ShellEvent(ShellEventKind.Ended, id, status, Math.Max(0, ended - began));
                case "skip" when parts.Length == 2:
                    return new ShellEvent(ShellEventKind.Skipped, id, 0, 0);
            }
        }
        throw new IOException($"The slot's shell answered '{line}'.");
    }

    /// <summary>Kills the task's process group: the task and whatever it started.</summary>
    public static void Kill(int taskPid) => ProcessSignals.KillGroup(taskPid);

    public void Dispose()
    {
        try
        {
            _shell.Kill(entireProcessTree: true);
            _shell.WaitForExit();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _shell.Dispose();
    }
}

internal enum ShellEventKind
{
    Started,
    Ended,
    Skipped,
}

/// <summary>
/// One line of the shell: <see cref="Value"/> is the task's pid when it started and its exit status when it
/// ended (128 + n when signal n ended it); <see cref="Seconds"/> is how long it ran.
/// </summary>
internal readonly record struct ShellEvent(ShellEventKind Kind, int Id, int Value, double Seconds);
