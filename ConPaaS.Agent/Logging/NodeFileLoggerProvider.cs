namespace ConPaaS.Agent.Logging;

/// <summary>
/// Writes every log line of the agent to one file in the node's log folder, where the portal can read it
/// through the logs endpoint. One writer for the process, flushed per line, so a killed agent loses nothing.
/// The file is the agent's alone (0600): the node's workloads may enter the log folder, not read the agent's log.
/// </summary>
public sealed class NodeFileLoggerProvider(string path) : ILoggerProvider
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly Lock _lock = new();
    private readonly StreamWriter _writer = new(OpenPrivate(path)) { AutoFlush = true };

    public ILogger CreateLogger(string categoryName) => new NodeFileLogger(categoryName, this);

    internal void Write(string line)
    {
        lock (_lock)
        {
            _writer.WriteLine(line);
        }
    }

    private static FileStream OpenPrivate(string path)
    {
        var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.Append,
            Access = FileAccess.Write,
            Share = FileShare.ReadWrite,
            UnixCreateMode = OwnerOnly,
        });
        File.SetUnixFileMode(stream.SafeFileHandle, OwnerOnly); // a log written by an earlier agent, at 0644
        return stream;
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _writer.Dispose();
        }
    }
}
