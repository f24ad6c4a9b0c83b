using System.Diagnostics;
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
    private const int TailBytes = 2048;

    private readonly Channel<WorkerTask> _queue = Channel.CreateUnbounded<WorkerTask>();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();
    private readonly HashSet<int> _known = [];
    private readonly HashSet<int> _running = [];
    private readonly HashSet<int> _cancelled = [];
    private readonly Dictionary<int, CancellationTokenSource> _kills = [];
    private readonly List<WorkerTaskResult> _results = [];
    private readonly TimeSpan _timeout;
    private readonly ILogger _logger;
    private Task[] _loops = [];
    private int _queued;

    public TaskRunner(string directory, int slots, TimeSpan timeout, ILogger logger)
    {
        TasksDirectory = Directory.CreateDirectory(Path.Combine(directory, "tasks")).FullName;
        Slots = slots;
        _timeout = timeout;
        _logger = logger;
    }

    public string TasksDirectory { get; }

    public int Slots { get; }

    /// <summary>
    /// One thread of its own per slot, waiting for its shell's answer synchronously: a finished task wakes it
    /// directly, where an async wait goes through the thread pool, which on a busy machine costs as much as a short task.
    /// </summary>
    public void Start() => _loops = Enumerable.Range(0, Slots)
        .Select(_ => Task.Factory.StartNew(Loop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default))
        .ToArray();

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
                _queued++;
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
            return new WorkerResults(_results.Skip(from).ToList(), _running.Order().ToList(), _queued, Slots);
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
            if (!_known.Contains(id) || _results.Any(r => r.Id == id) || !_cancelled.Add(id))
                return false;
            if (_kills.TryGetValue(id, out var kill))
                kill.Cancel();
            return true;
        }
    }

    /// <summary>The folder of a task that was submitted here, or null.</summary>
    public string? TaskDirectory(int id)
    {
        lock (_lock)
            return _known.Contains(id) ? Path.Combine(TasksDirectory, id.ToString(System.Globalization.CultureInfo.InvariantCulture)) : null;
    }

    private void Loop()
    {
        SlotShell? shell = null;
        try
        {
            while (_queue.Reader.WaitToReadAsync(_stopping.Token).AsTask().GetAwaiter().GetResult())
            {
                if (!_queue.Reader.TryRead(out var task))
                    continue;
                using var kill = new CancellationTokenSource();
                bool skip;
                lock (_lock)
                {
                    _queued--;
                    skip = _cancelled.Contains(task.Id);
                    if (!skip)
                    {
                        _running.Add(task.Id);
                        _kills[task.Id] = kill;
                    }
                }
                var result = skip
                    ? new WorkerTaskResult(0, task.Id, CancelledExitCode, 0, false, "", "cancelled before it started", DateTimeOffset.UtcNow)
                    : Run(ref shell, task, kill.Token);
                lock (_lock)
                {
                    _running.Remove(task.Id);
                    _kills.Remove(task.Id);
                    _results.Add(result with { Sequence = _results.Count + 1 });
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // The role stops: running tasks were killed, queued ones are the portal's to hand out again.
        }
        finally
        {
            shell?.Dispose();
        }
    }

    private WorkerTaskResult Run(ref SlotShell? shell, WorkerTask task, CancellationToken kill)
    {
        var folder = Directory.CreateDirectory(Path.Combine(TasksDirectory, task.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))).FullName;
        var stdoutPath = Path.Combine(folder, "stdout");
        var stderrPath = Path.Combine(folder, "stderr");
        var watch = Stopwatch.StartNew();
        int exitCode;
        var timedOut = false;
        try
        {
            shell ??= new SlotShell(TasksDirectory);
            var pid = shell.Start(task.Id, task.Command);
            using var deadline = new CancellationTokenSource(_timeout);
            using (deadline.Token.Register(() => SlotShell.Kill(pid)))
            using (kill.Register(() => SlotShell.Kill(pid)))
            using (_stopping.Token.Register(() => SlotShell.Kill(pid)))
                exitCode = shell.WaitForEnd(task.Id);
            if (kill.IsCancellationRequested)
            {
                exitCode = CancelledExitCode;
            }
            else if (deadline.IsCancellationRequested && !_stopping.IsCancellationRequested)
            {
                (exitCode, timedOut) = (TimeoutExitCode, true);
            }
        }
        catch (Exception exception) when (exception is IOException or System.ComponentModel.Win32Exception or FormatException or InvalidOperationException)
        {
            // The slot's shell died (killed, or killed by the task itself): this task is lost, the next one gets a new shell.
            _logger.LogWarning(exception, "Task {Task} could not run", task.Id);
            File.AppendAllText(stderrPath, $"\nThe task's shell ended: {exception.Message}\n");
            shell?.Dispose();
            shell = null;
            exitCode = 127;
        }
        watch.Stop();
        return new WorkerTaskResult(0, task.Id, exitCode, watch.Elapsed.TotalSeconds, timedOut,
            Tail(stdoutPath), Tail(stderrPath), DateTimeOffset.UtcNow);
    }

    private static string Tail(string path)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var length = (int)Math.Min(file.Length, TailBytes);
            file.Seek(-length, SeekOrigin.End);
            var buffer = new byte[length];
            file.ReadExactly(buffer);
            return System.Text.Encoding.UTF8.GetString(buffer);
        }
        catch (IOException)
        {
            return "";
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _queue.Writer.TryComplete();
        await Task.WhenAll(_loops);
        _stopping.Dispose();
    }
}
