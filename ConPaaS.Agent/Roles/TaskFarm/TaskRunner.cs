using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Threading.Channels;
using ConPaaS.Agent.Hosting;
using ConPaaS.Domain.Contracts;

namespace ConPaaS.Agent.Roles.TaskFarm;

/// <summary>
/// Runs submitted tasks as <c>bash -c</c>, <see cref="Slots"/> at a time (one thread each, starting them with a
/// <see cref="TaskSpawner"/>), each in its own folder
/// (<c>tasks/&lt;id&gt;/</c> with <c>stdout</c> and <c>stderr</c>, kept for download). A task that outlives the
/// timeout is killed with its process tree and reported with exit code 124, like <c>timeout(1)</c>.
/// Tasks run as the node's workload user: <c>tasks/</c> is the agent's, each task's folder the task's own, made
/// anew for every run, and its outputs are read back without following a link the task may have left there.
/// Thread-safe: the endpoints submit and read while the slot loops run.
/// </summary>
public sealed class TaskRunner : IAsyncDisposable
{
    public const int TimeoutExitCode = 124;
    public const int CancelledExitCode = 137;
    private const int NotStartedExitCode = 126;
    private const int TailBytes = 2048;

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
    private readonly WorkloadIdentity _workload;
    private readonly TaskSpawner _spawner;
    private Task[] _loops = [];
    private Timer? _watchdog;

    public TaskRunner(string directory, int slots, TimeSpan timeout, WorkloadIdentity workload, ILogger logger)
    {
        workload.CreateSharedDirectory(directory);
        TasksDirectory = workload.CreateSharedDirectory(Path.Combine(directory, "tasks"));
        Slots = slots;
        _timeout = timeout;
        _workload = workload;
        _logger = logger;
        _spawner = new TaskSpawner(workload);
    }

    public string TasksDirectory { get; }

    public int Slots { get; }

    /// <summary>
    /// One thread of its own per slot, blocked in waitpid while its task runs (the task's exit wakes the thread
    /// directly, where an async wait goes through the thread pool), and a watchdog for timeouts.
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
                ProcessSignals.KillGroup(running.Pid); // a queued one is skipped by its slot
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
        try
        {
            while (true)
            {
                var task = Take();
                if (IsCancelled(task.Id))
                    Finish(Cancelled(task.Id));
                else
                    Finish(Run(task));
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // The role stops: running tasks were killed, queued ones are the portal's to hand out again.
        }
    }

    /// <summary>The next queued task, waiting for one.</summary>
    private WorkerTask Take()
    {
        while (_queue.Reader.WaitToReadAsync(_stopping.Token).AsTask().GetAwaiter().GetResult())
        {
            if (_queue.Reader.TryRead(out var task))
                return task;
        }
        throw new OperationCanceledException(_stopping.Token);
    }

    private WorkerTaskResult Run(WorkerTask task)
    {
        var folder = Path.Combine(TasksDirectory, Name(task.Id));
        long began = Stopwatch.GetTimestamp();
        int pid;
        try
        {
            MakeTaskFolder(folder);
            pid = _spawner.Start(folder, task.Id, task.Command);
        }
        // A full disk or a missing bash fails this task, not the slot: the next one may well run.
        catch (Exception exception) when (exception is TaskSpawnException or IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning("Task {Task} could not start: {Reason}", task.Id, exception.Message);
            return new WorkerTaskResult(0, task.Id, NotStartedExitCode, 0, false, "", exception.Message, DateTimeOffset.UtcNow);
        }
        GiveOutputs(folder);
        lock (_lock)
        {
            _running[task.Id] = new RunningTask(pid, began);
            // Cancelled, or the role stopped, while it was being started: the stop kills only what it finds here.
            if (_cancelled.Contains(task.Id) || _stopping.IsCancellationRequested)
                ProcessSignals.KillGroup(pid);
        }
        int? status = TaskSpawner.Wait(pid);
        double seconds = Stopwatch.GetElapsedTime(began).TotalSeconds;
        bool cancelled, timedOut;
        lock (_lock)
        {
            timedOut = _running.Remove(task.Id, out var running) && running.TimedOut;
            cancelled = _cancelled.Contains(task.Id);
        }
        int exitCode = cancelled ? CancelledExitCode : timedOut ? TimeoutExitCode : status ?? NotStartedExitCode;
        var stderr = Tail(Path.Combine(folder, "stderr"));
        if (status is null)
            stderr += "\nThe task's exit status could not be read (another process reaped it).";
        return new WorkerTaskResult(0, task.Id, exitCode, seconds, timedOut && !cancelled,
            Tail(Path.Combine(folder, "stdout")), stderr, DateTimeOffset.UtcNow);
    }

    /// <summary>
    /// The task's folder, new and empty, and the task's own (0700). One left by an earlier run of the same id (the
    /// role was restarted) goes first, removed as the workload: whatever the task left in it stays its business.
    /// Anything else in the way (a file) fails the task.
    /// </summary>
    private void MakeTaskFolder(string folder)
    {
        if (Directory.Exists(folder))
        {
            var old = Path.Combine(TasksDirectory, $".old-{Guid.NewGuid():N}");
            Directory.Move(folder, old);
            _workload.DeleteTree(old);
        }
        _workload.CreatePrivateDirectory(folder);
    }

    /// <summary>The outputs were made by the spawn, as root: the task's user gets them (links are given, never followed).</summary>
    private void GiveOutputs(string folder)
    {
        try
        {
            _workload.GiveFileNoFollow(Path.Combine(folder, "stdout"));
            _workload.GiveFileNoFollow(Path.Combine(folder, "stderr"));
        }
        catch (IOException exception)
        {
            _logger.LogWarning("The outputs in {Folder} could not be given to the task's user: {Reason}", folder, exception.Message);
        }
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
                ProcessSignals.KillGroup(task.Pid);
            }
        }
    }

    private static string Name(int id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>The end of an output, read without following a link (the task owns its folder and may have put one there).</summary>
    private static string Tail(string path)
    {
        try
        {
            using var file = PosixFiles.OpenForReadingNoFollow(path);
            if (file is null)
                return "";
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
                ProcessSignals.KillGroup(task.Pid);
        }
        _queue.Writer.TryComplete();
        await Task.WhenAll(_loops);
        _stopping.Dispose();
        _spawner.Dispose();
    }

    /// <summary>A task a slot started: its process group, since when, and whether the watchdog killed it.</summary>
    private sealed class RunningTask(int pid, long started)
    {
        public int Pid { get; } = pid;
        public long Started { get; } = started;
        public bool TimedOut { get; set; }
    }
}
