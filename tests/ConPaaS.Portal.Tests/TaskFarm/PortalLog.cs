using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ConPaaS.Portal.Tests.TaskFarm;

/// <summary>
/// Keeps the in-process portal's log lines of the farm's parts (engine, workers, local cloud, health monitor),
/// so a failing farm test can say what the engine did instead of only what it ended with. With
/// <c>CONPAAS_TEST_LOG</c> set to a file name, the lines are also appended there as they come (for loaded runs).
/// </summary>
public sealed class PortalLog : ILoggerProvider
{
    private const int Kept = 5000;
    private static readonly string[] Categories = ["ConPaaS.Infrastructure.Services.TaskFarm", "ConPaaS.Infrastructure.Clouds", "ConPaaS.Infrastructure.Nodes"];

    private readonly ConcurrentQueue<string> _lines = new();
    private readonly string? _file = Environment.GetEnvironmentVariable("CONPAAS_TEST_LOG");
    private readonly Lock _write = new();

    /// <summary>The last <paramref name="count"/> lines kept, one a line.</summary>
    public string Tail(int count)
    {
        var lines = _lines.ToArray();
        return string.Join('\n', lines.Skip(Math.Max(0, lines.Length - count)));
    }

    public ILogger CreateLogger(string categoryName) =>
        Categories.Any(c => categoryName.StartsWith(c, StringComparison.Ordinal)) ? new Logger(this, categoryName) : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public void Dispose()
    {
    }

    private void Add(string line)
    {
        _lines.Enqueue(line);
        while (_lines.Count > Kept)
            _lines.TryDequeue(out _);
        if (_file is null)
            return;
        lock (_write)
            File.AppendAllText(_file, line + "\n");
    }

    private sealed class Logger(PortalLog log, string category) : ILogger
    {
        private readonly string _name = category[(category.LastIndexOf('.') + 1)..];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
                return;
            var text = $"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {logLevel.ToString()[..4]} {_name}: {formatter(state, exception)}";
            if (exception is not null)
                text += $" [{exception.GetType().Name}: {exception.Message}]";
            log.Add(text);
        }
    }
}
