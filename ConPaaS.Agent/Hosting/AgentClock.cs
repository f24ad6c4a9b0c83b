namespace ConPaaS.Agent.Hosting;

/// <summary>When this agent started, for the uptime that status reports.</summary>
public sealed class AgentClock(TimeProvider time)
{
    public DateTimeOffset StartedAt { get; } = time.GetUtcNow();

    public TimeSpan Uptime => time.GetUtcNow() - StartedAt;
}
