namespace ConPaaS.Agent.Logging;

/// <summary>
/// Writes every log line of the agent to one file in the node's log folder, where the portal can read it
/// through the logs endpoint. One writer for the process, flushed per line, so a killed agent loses nothing.
/// </summary>
public sealed class NodeFileLoggerProvider(string path) : ILoggerProvider
{
    private readonly Lock _lock = new();
    private readonly StreamWriter _writer = new(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite))
    {
        AutoFlush = true,
    };

    public ILogger CreateLogger(string categoryName) => new NodeFileLogger(categoryName, this);

    internal void Write(string line)
    {
        lock (_lock)
        {
            _writer.WriteLine(line);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _writer.Dispose();
        }
    }
}
