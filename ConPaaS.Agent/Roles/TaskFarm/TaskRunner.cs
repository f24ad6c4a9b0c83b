using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Threading.Channels;
using ConPaaS.Domain.Contracts;

namespace ConPaaS.Agent.Roles.TaskFarm;

/// <summary>
/// Runs submitted tasks as bash runs <c>bash -c</c>, <see cref="Slots"/> at a time (one <see cref="SlotShell"/> each), each in its own folder
/// (<c>tasks/&lt;id&gt;/</c> with <c>stdout</c> and <c>stderr</c>, kept for download). A task that outlives the
/// timeout is killed with its process tree and reported with exit code 124, like <c>timeout(1)</c>.
/// Thread-safe: the endpoints submit and read while the slot loops run.
/// </summary>
public sealed class TaskRunner : IAsyncDisposable
{
    public const int TimeoutExitCode = 124;
    public const int CancelledExitCode = 137;
    private const int ShellLostExitCode = 127;
    private const int TailBytes = 2048;

    /// <summary>
    /// Tasks a slot's shell holds at once: the one it runs and the next ones, so that when a task ends the shell
    /// starts the next at once, however late the agent gets to read the end.
    /// </summary>
    private const int ShellQueueLength = 4;

    private static readonly TimeSpan WatchdogPeriod = TimeSpan.FromMilliseconds(250);

    private readonly Channel<WorkerTask> _queue = Channel.CreateUnbounded<WorkerTask>();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();
    private readonly HashSet<int> _known = [];
    private readonly HashSet<int> _finished = [];
    private readonly HashSet<int> _cancelled = [];
    private readonly Dictionary<int, RunningTask> _running = [];
    private readonly List<WorkerTaskResult> _results = [];
    private readonly TimeSpan _timeout;
    private readonly ILogger _logger;
    private readonly string _cancelledDirectory;
    private Task[] _loops = [];
    private Timer? _watchdog;

    public TaskRunner(string directory, int slots, TimeSpan timeout, ILogger logger)
    {
        TasksDirectory = Directory.CreateDirectory(Path.Combine(directory, "tasks")).FullName;
        _cancelledDirectory = Directory.CreateDirectory(Path.Combine(TasksDirectory, SlotShell.CancelledFolder)).FullName;
        Slots = slots;
        _timeout = timeout;
        _logger = logger;
    }

    public string TasksDirectory { get; }

    public int Slots { get; }

    /// <summary>
    /// One thread of its own per slot, reading its shell synchronously (a blocking read wakes the thread directly,
    /// where an async one goes through the thread pool), and a watchdog for timeouts.
    /// </summary>
    public void Start()
    {
        _loops = Enumerable.Range(0, Slots)
            .Select(_ => Task.Factory.StartNew(Loop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default))
            .ToArray();
        _watchdog = new Timer(_ => KillOverdue(), null, WatchdogPeriod, WatchdogPeriod);
    }

    /// <summary>Queues tasks; a task id already seen is ignored, so a repeated submission runs nothing twice.</summary>
    public int Submit(IEnumerable<WorkerTask> tasks)
    {
        var accepted = 0;
        foreach (var task in tasks)
        {
            lock (_lock)
            {
                if (!_known.Add(task.Id))
                    continue;
            }
            _queue.Writer.TryWrite(task);
            accepted++;
        }
        return accepted;
    }

    public WorkerResults ResultsAfter(long sequence)
    {
        lock (_lock)
        {
            // Sequences start at 1 and are the list index + 1.
            var from = (int)Math.Clamp(sequence, 0, _results.Count);
            int queued = _known.Count - _finished.Count - _running.Count;
            return new WorkerResults(_results.GetRange(from, _results.Count - from), _running.Keys.Order().ToList(), queued, Slots);
        }
    }

    /// <summary>
    /// Cancels a task: a queued one will not start, a running one is killed with its process tree. Either way it
    /// is reported with <see cref="CancelledExitCode"/>. Used when another copy of the task finished first.
    /// Returns false for a task never submitted here or already finished.
    /// </summary>
    public bool Cancel(int id)
    {
        lock (_lock)
        {
            if (!_known.Contains(id) || _finished.Contains(id) || !_cancelled.Add(id))
                return false;
            if (_running.TryGetValue(id, out var running))
                SlotShell.Kill(running.Pid);
            else
                File.Create(Path.Combine(_cancelledDirectory, Name(id))).Dispose(); // it may wait in a shell's input
            return true;
        }
    }

    /// <summary>The folder of a task that was submitted here, or null.</summary>
    public string? TaskDirectory(int id)
    {
        lock (_lock)
            return _known.Contains(id) ? Path.Combine(TasksDirectory, Name(id)) : null;
    }

    private void Loop()
    {
        var inShell = new Queue<WorkerTask>(); // sent to the shell and not ended, oldest (running or next) first
        SlotShell? shell = null;
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                try
                {
                    while (inShell.Count < ShellQueueLength && Take(wait: inShell.Count == 0) is { } task)
                    {
                        if (IsCancelled(task.Id))
                        {
                            Finish(Cancelled(task.Id));
                            continue;
                        }
                        Directory.CreateDirectory(Path.Combine(TasksDirectory, Name(task.Id)));
                        inShell.Enqueue(task);
                        if (shell is null)
                            shell = NewShell(inShell);
                        else
                            shell.Send(task.Id, task.Command);
                    }
                    if (inShell.Count > 0)
                        Handle((shell ??= NewShell(inShell)).Read(), inShell);
                }
                catch (Exception exception) when (exception is IOException or System.ComponentModel.Win32Exception && !_stopping.IsCancellationRequested)
                {
                    // The shell died (killed, or killed by its task): the task it ran is lost, the others go to a new shell.
                    shell?.Dispose();
                    shell = null;
                    if (inShell.TryDequeue(out var lost))
                        LoseTask(lost, exception);
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException && _stopping.IsCancellationRequested)
        {
            // The role stops: running tasks were killed, queued ones are the portal's to hand out again.
        }
        finally
        {
            shell?.Dispose();
        }
    }

    /// <summary>The next queued task; waits for one only when asked to (a slot with nothing in its shell).</summary>
    private WorkerTask? Take(bool wait)
    {
        if (_queue.Reader.TryRead(out var task))
            return task;
        if (!wait)
            return null;
        while (_queue.Reader.WaitToReadAsync(_stopping.Token).AsTask().GetAwaiter().GetResult())
        {
            if (_queue.Reader.TryRead(out task))
                return task;
        }
        throw new OperationCanceledException(_stopping.Token);
    }

    /// <summary>A new shell, given again the tasks the previous one held and did not start.</summary>
    private SlotShell NewShell(Queue<WorkerTask> inShell)
    {
        var shell = new SlotShell(TasksDirectory);
        foreach (var task in inShell)
            shell.Send(task.Id, task.Command);
        return shell;
    }

    private void Handle(ShellEvent happened, Queue<WorkerTask> inShell)
    {
        if (!inShell.TryPeek(out var oldest) || oldest.Id != happened.Id)
            throw new IOException($"The slot's shell reported task {happened.Id} out of turn.");
        if (happened.Kind == ShellEventKind.Started)
        {
            lock (_lock)
            {
                _running[happened.Id] = new RunningTask(happened.Value, Stopwatch.GetTimestamp());
                if (_cancelled.Contains(happened.Id))
                    SlotShell.Kill(happened.Value);
            }
            return;
        }
        inShell.Dequeue();
        if (happened.Kind == ShellEventKind.Skipped)
        {
            Finish(Cancelled(happened.Id));
            return;
        }
        bool cancelled, timedOut;
        lock (_lock)
        {
            timedOut = _running.Remove(happened.Id, out var running) && running.TimedOut;
            cancelled = _cancelled.Contains(happened.Id);
        }
        int exitCode = cancelled ? CancelledExitCode : timedOut ? TimeoutExitCode : happened.Value;
        var folder = Path.Combine(TasksDirectory, Name(happened.Id));
        Finish(new WorkerTaskResult(0, happened.Id, exitCode, happened.Seconds, timedOut && !cancelled,
            Tail(Path.Combine(folder, "stdout")), Tail(Path.Combine(folder, "stderr")), DateTimeOffset.UtcNow));
    }

    private void LoseTask(WorkerTask task, Exception why)
    {
        _logger.LogWarning(why, "Task {Task} could not run", task.Id);
        var stderr = Path.Combine(TasksDirectory, Name(task.Id), "stderr");
        try
        {
            File.AppendAllText(stderr, $"\nThe task's shell ended: {why.Message}\n");
        }
        catch (IOException)
        {
            // Its folder is gone too; the result below still says why.
        }
        lock (_lock)
        {
            // Whatever the task started goes with it.
            if (_running.Remove(task.Id, out var running))
                SlotShell.Kill(running.Pid);
        }
        Finish(new WorkerTaskResult(0, task.Id, ShellLostExitCode, 0, false, Tail(Path.Combine(TasksDirectory, Name(task.Id), "stdout")), Tail(stderr), DateTimeOffset.UtcNow));
    }

    private bool IsCancelled(int id)
    {
        lock (_lock)
            return _cancelled.Contains(id);
    }

    private void Finish(WorkerTaskResult result)
    {
        lock (_lock)
        {
            if (_finished.Add(result.Id))
                _results.Add(result with { Sequence = _results.Count + 1 });
        }
    }

    private static WorkerTaskResult Cancelled(int id) =>
        new(0, id, CancelledExitCode, 0, false, "", "cancelled before it started", DateTimeOffset.UtcNow);

    /// <summary>Kills the tasks that ran past the timeout; their end is reported by their slot as timed out.</summary>
    private void KillOverdue()
    {
        long now = Stopwatch.GetTimestamp();
        lock (_lock)
        {
            foreach (var task in _running.Values.Where(t => !t.TimedOut && Stopwatch.GetElapsedTime(t.Started, now) > _timeout))
            {
                task.TimedOut = true;
                SlotShell.Kill(task.Pid);
            }
        }
    }

    private static string Name(int id) => id.ToString(CultureInfo.InvariantCulture);

    private static string Tail(string path)
    {
        try
        {
            using var file = File.OpenHandle(path);
            long length = RandomAccess.GetLength(file);
            if (length == 0)
                return "";
            var buffer = new byte[(int)Math.Min(length, TailBytes)];
            int read = RandomAccess.Read(file, buffer, length - buffer.Length);
            return Encoding.UTF8.GetString(buffer, 0, read);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_watchdog is { } watchdog)
            await watchdog.DisposeAsync();
        await _stopping.CancelAsync();
        lock (_lock)
        {
            foreach (var task in _running.Values)
                SlotShell.Kill(task.Pid);
        }
        _queue.Writer.TryComplete();
        await Task.WhenAll(_loops);
        _stopping.Dispose();
    }

    /// <summary>A task its shell started: its process group, since when, and whether the watchdog killed it.</summary>
    private sealed class RunningTask(int pid, long started)
    {
        public int Pid { get; } = pid;
        public long Started { get; } = started;
        public bool TimedOut { get; set; }
    }
}
