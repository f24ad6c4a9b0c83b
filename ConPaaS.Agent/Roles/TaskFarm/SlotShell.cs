using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace ConPaaS.Agent.Roles.TaskFarm;

/// <summary>
/// A long-lived bash that runs one slot's tasks, one after another, each as a subshell in its own folder and its
/// own process group (so a timeout or a cancellation kills the task with everything it started). The agent sends
/// the task's id and command through a pipe and reads back the task's pid and exit status. Forking from this
/// small shell costs a fraction of forking the agent itself (a large process), which for short tasks is most of their cost.
/// </summary>
internal sealed class SlotShell : IDisposable
{
    // Job control (set -m) gives every background job a process group of its own. The task is exactly `bash -c`
    // (its own $$, $PPID this shell, $0 task-<id>), in its own folder, with no stdin and its output in files.
    private const string Script = """
        set -m
        exec 2>/dev/null
        while IFS= read -r -d '' __task_id && IFS= read -r -d '' __task_command; do
          ( cd -- "$__task_id" || exit 126; exec </dev/null >stdout 2>stderr; export TASK_ID="$__task_id"; exec bash -c "$__task_command" "task-$__task_id" ) &
          __task_pid=$!
          printf 'start %s %s\n' "$__task_id" "$__task_pid"
          wait "$__task_pid"
          printf 'end %s %s\n' "$__task_id" "$?"
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
        _shell = Process.Start(start) ?? throw new InvalidOperationException("bash did not start.");
    }

    /// <summary>Starts a task (its folder, named after its id, exists); returns the task's process id.</summary>
    /// <exception cref="IOException">The shell is gone.</exception>
    public int Start(int id, string command)
    {
        var text = id.ToString(CultureInfo.InvariantCulture);
        _shell.StandardInput.Write($"{text}\0{command}\0");
        _shell.StandardInput.Flush();
        var started = ReadLine("start", text);
        return int.Parse(started, CultureInfo.InvariantCulture);
    }

    /// <summary>Waits for the task started last to end; returns its exit status (128 + n when signal n ended it).</summary>
    /// <exception cref="IOException">The shell is gone.</exception>
    public int WaitForEnd(int id) =>
        int.Parse(ReadLine("end", id.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

    /// <summary>Kills the task's process group: the task and whatever it started.</summary>
    public static void Kill(int taskPid) => ProcessSignals.KillGroup(taskPid);

    private string ReadLine(string kind, string id)
    {
        var line = _shell.StandardOutput.ReadLine() ?? throw new IOException("The slot's shell ended.");
        var parts = line.Split(' ');
        if (parts.Length != 3 || parts[0] != kind || parts[1] != id)
            throw new IOException($"The slot's shell answered '{line}' where '{kind} {id} …' was due.");
        return parts[2];
    }

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
