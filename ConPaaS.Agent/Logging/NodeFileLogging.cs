namespace ConPaaS.Agent.Logging;

public static class NodeFileLogging
{
    public const string AgentLogFileName = "agent.log";

    /// <summary>
    /// Logs go to <c>&lt;data&gt;/logs/agent.log</c> only: an agent runs detached from any terminal. The
    /// framework's per-request chatter is kept out unless configuration asks for it.
    /// </summary>
    public static void AddNodeFileLogging(this WebApplicationBuilder builder, AgentOptions options)
    {
        var logs = Directory.CreateDirectory(Path.Combine(Path.GetFullPath(options.DataDirectory), "logs"));
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new NodeFileLoggerProvider(Path.Combine(logs.FullName, AgentLogFileName)));
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
    }
}
